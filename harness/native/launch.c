/*
 * launch.c -- sockconf-launch, the one way the harness starts an interpreter.
 *
 *   sockconf-launch [--netns NAME] [--etc DIR] [--nsswitch FILE]
 *                   [--no-network] [--contain] [--sandbox] [--tmp-size MIB]
 *                   [--writable PATH]... [--expose PATH]... [--user UID]
 *                   [--chown-fd FD]... [--nofile N] -- PROGRAM [ARG...]
 *
 * Runs PROGRAM (searched on PATH) after setting up, in this order:
 *
 *   - death with the parent: if the harness process that started us dies,
 *     for whatever reason, we are killed (PR_SET_PDEATHSIG), and with us
 *     everything below (see --contain);
 *   - --netns NAME: enter the network namespace /run/netns/NAME (made by
 *     `ip netns add`); --no-network: a new network namespace of our own,
 *     with no interface up, so nothing at all can be reached;
 *   - a private mount namespace when any file is to be bind-mounted or
 *     --sandbox is given: --etc DIR bind-mounts every file of DIR over the
 *     /etc file of the same name (as `ip netns exec` does with
 *     /etc/netns/NAME), and --nsswitch FILE over /etc/nsswitch.conf (host
 *     look-ups from files only);
 *   - --sandbox (needs --contain): the item's own world. Every mount is made
 *     read-only and nosuid; /tmp, /var/tmp and /dev/shm become empty tmpfs
 *     mounts of their own (--tmp-size MIB each, default 64); every --writable
 *     PATH stays writable and every --expose PATH (a file or folder, also one
 *     under the host's /tmp) is shown read-only at its own path; a System V
 *     IPC namespace of its own; the working folder is /tmp. In the PID
 *     namespace below, /proc is a fresh mount that shows only the item's own
 *     processes. PROGRAM then runs with every capability dropped but
 *     CAP_NET_BIND_SERVICE (ports below 1024), no_new_privs set, and with
 *     --user UID as that user and group (supplementary groups cleared; the
 *     descriptors named by --chown-fd, the pipes of its side channels, are
 *     given to it first so it can open them through /proc/self/fd);
 *   - --nofile N: the soft limit of open descriptors (at most the hard one);
 *   - --contain: a new PID namespace. A small init (PID 1 there) starts
 *     PROGRAM as its only child and reaps whatever gets reparented to it.
 *     When PROGRAM ends, init ends, and the kernel kills every process left
 *     in the namespace: helpers started with setsid or a double fork die
 *     with the case. The wait status of PROGRAM is passed back through a
 *     pipe, and this process ends the same way (the same exit status, or
 *     killed by the same signal), so the caller sees PROGRAM's end exactly.
 *
 * Namespaces and mounts need root; without --netns/--etc/--nsswitch/
 * --contain/--no-network/--sandbox only the first step is made and PROGRAM
 * is exec'd in place. Every failure of the set-up is one line on stderr and
 * exit status 125 (127 when PROGRAM cannot be run), before PROGRAM starts.
 */

#define _GNU_SOURCE 1   /* setns, unshare, CLONE_* */

#include <dirent.h>
#include <grp.h>
#include <linux/capability.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED	125
#define EXEC_FAILED	127
#define MAX_PATHS	32
#define MAX_FDS		8

/*
 * What the command line asked for.
 */

typedef struct Options {
    const char *netns, *etc, *nsswitch;
    int contain, noNetwork, sandbox;
    long tmpMiB, nofile;
    int haveUser;
    uid_t user;
    const char *writable[MAX_PATHS];
    int nWritable;
    const char *expose[MAX_PATHS];
    int nExpose;
    int chownFd[MAX_FDS];
    int nChown;
} Options;

/*
 * A tree held (cloned) before the sandbox hides or protects it, to be
 * mounted back at its own path.
 */

typedef struct Held {
    const char *path;
    int fd;
    int writable;
} Held;

static const char *progname = "sockconf-launch";

/*
 * Fail --
 *	One line on stderr naming what failed and why; ends the process.
 */

static void
Fail(
    const char *what,
    const char *detail,
    int err)
{
    fprintf(stderr, "%s: %s%s%s%s%s\n", progname, what,
	    detail ? " " : "", detail ? detail : "",
	    err ? ": " : "", err ? strerror(err) : "");
    exit(SETUP_FAILED);
}

/*
 * BindOver --
 *	Bind-mounts SRC over DST. A DST that does not exist is left alone
 *	(a bind mount needs an existing target), as `ip netns exec` does.
 */

static void
BindOver(
    const char *src,
    const char *dst)
{
    struct stat st;

    if (stat(dst, &st) < 0) {
	return;
    }
    if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
	Fail("cannot bind-mount over", dst, errno);
    }
}

/*
 * BindEtc --
 *	Bind-mounts every regular file of DIR over /etc/<same name>.
 */

static void
BindEtc(
    const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char src[PATH_MAX], dst[PATH_MAX];

    if (d == NULL) {
	Fail("cannot read", dir, errno);
    }
    while ((e = readdir(d)) != NULL) {
	if (e->d_name[0] == '.') {
	    continue;
	}
	snprintf(src, sizeof src, "%s/%s", dir, e->d_name);
	snprintf(dst, sizeof dst, "/etc/%s", e->d_name);
	BindOver(src, dst);
    }
    closedir(d);
}

/*
 * Steps of the sandbox (--sandbox): each fails the launch, in one line,
 * when the system refuses it.
 */

/*
 * MkdirParents --
 *	Creates PATH's missing parent folders (mode 0755), as mount points
 *	inside a fresh tmpfs need them.
 */

static void
MkdirParents(
    const char *path)
{
    char buf[PATH_MAX];
    size_t i;

    if (strlen(path) >= sizeof buf) {
	Fail("path too long:", path, 0);
    }
    strcpy(buf, path);
    for (i = 1; buf[i] != '\0'; i++) {
	if (buf[i] == '/') {
	    buf[i] = '\0';
	    if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
		Fail("cannot make the folder", buf, errno);
	    }
	    buf[i] = '/';
	}
    }
}

/*
 * SetMountAttr --
 *	Sets (SET) and clears (CLR) mount attributes of the mount(s) at FD/PATH.
 */

static void
SetMountAttr(
    int fd,
    const char *path,
    unsigned int flags,
    unsigned long long set,
    unsigned long long clr,
    const char *what)
{
    struct mount_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.attr_set = set;
    attr.attr_clr = clr;
    if (syscall(SYS_mount_setattr, fd, path, flags, &attr, sizeof attr) < 0) {
	Fail("cannot change the mount of", what, errno);
    }
}

/*
 * PrivateTmp --
 *	Mounts an empty tmpfs of SIZE MiB over DIR when DIR exists.
 */

static void
PrivateTmp(
    const char *dir,
    long sizeMiB)
{
    struct stat st;
    char data[64];

    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
	return;
    }
    snprintf(data, sizeof data, "mode=1777,size=%ldm", sizeMiB);
    if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, data) < 0) {
	Fail("cannot mount a private tmpfs on", dir, errno);
    }
}

/*
 * MakeSandbox --
 *	In the launcher's private mount namespace: hold the --writable and
 *	--expose trees, make every mount read-only, mount private tmpfs
 *	folders, put the held trees back at their paths (writable or
 *	read-only), and move to /tmp. Results: none. Side effects: the mount
 *	table of this process's namespace.
 */

static void
MakeSandbox(
    const Options *o)
{
    Held held[2 * MAX_PATHS];
    int n = 0, i;

    for (i = 0; i < o->nWritable + o->nExpose; i++) {
	int w = i < o->nWritable;
	const char *path = w ? o->writable[i] : o->expose[i - o->nWritable];
	int fd = (int) syscall(SYS_open_tree, AT_FDCWD, path,
		OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);

	if (fd < 0) {
	    Fail("cannot hold", path, errno);
	}
	held[n].path = path;
	held[n].fd = fd;
	held[n].writable = w;
	n++;
    }
    /* Outer trees first: a tree inside another is mounted on top of it. */
    for (i = 1; i < n; i++) {
	Held h = held[i];
	int j = i;

	while (j > 0 && strlen(held[j - 1].path) > strlen(h.path)) {
	    held[j] = held[j - 1];
	    j--;
	}
	held[j] = h;
    }
    if (unshare(CLONE_NEWIPC) < 0) {
	Fail("cannot make an IPC namespace", NULL, errno);
    }
    SetMountAttr(AT_FDCWD, "/", AT_RECURSIVE, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0,
	    "/ (read-only)");
    PrivateTmp("/tmp", o->tmpMiB);
    PrivateTmp("/var/tmp", o->tmpMiB);
    PrivateTmp("/dev/shm", o->tmpMiB);
    for (i = 0; i < n; i++) {
	struct stat st;

	if (fstat(held[i].fd, &st) < 0) {
	    Fail("cannot stat", held[i].path, errno);
	}
	if (access(held[i].path, F_OK) < 0) {
	    /* under a fresh tmpfs: the mount point must be made */
	    MkdirParents(held[i].path);
	    if (S_ISDIR(st.st_mode) ? mkdir(held[i].path, 0755) < 0
		    : close(open(held[i].path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		Fail("cannot make the mount point", held[i].path, errno);
	    }
	}
	SetMountAttr(held[i].fd, "", AT_EMPTY_PATH | AT_RECURSIVE,
		held[i].writable ? MOUNT_ATTR_NOSUID : MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID,
		held[i].writable ? MOUNT_ATTR_RDONLY : 0, held[i].path);
	if (syscall(SYS_move_mount, held[i].fd, "", AT_FDCWD, held[i].path,
		MOVE_MOUNT_F_EMPTY_PATH) < 0) {
	    Fail("cannot mount back", held[i].path, errno);
	}
	close(held[i].fd);
    }
    if (chdir("/tmp") < 0) {
	Fail("cannot enter", "/tmp", errno);
    }
}

/*
 * DropPrivileges --
 *	In the child that becomes PROGRAM: hand the side channels' pipes to
 *	--user, become that user, and keep no capability but
 *	CAP_NET_BIND_SERVICE (in the bounding set too, so an exec cannot
 *	regain any), with no_new_privs.
 */

static void
DropPrivileges(
    const Options *o)
{
    struct __user_cap_header_struct hdr;
    struct __user_cap_data_struct data[2];
    int c, i;

    if (o->haveUser) {
	for (i = 0; i < o->nChown; i++) {
	    if (fchown(o->chownFd[i], o->user, (gid_t) o->user) < 0) {
		Fail("cannot hand a side channel to the sandbox user", NULL, errno);
	    }
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups(0, NULL) < 0
		|| setresgid((gid_t) o->user, (gid_t) o->user, (gid_t) o->user) < 0
		|| setresuid(o->user, o->user, o->user) < 0) {
	    Fail("cannot become the sandbox user", NULL, errno);
	}
    }
    for (c = 0; c < 64; c++) {
	if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) < 0) {
	    break;			/* past the kernel's last capability */
	}
	if (c != CAP_NET_BIND_SERVICE && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0
		&& !o->haveUser) {
	    Fail("cannot drop a capability", NULL, errno);
	}
    }
    memset(&hdr, 0, sizeof hdr);
    memset(data, 0, sizeof data);
    hdr.version = _LINUX_CAPABILITY_VERSION_3;
    data[0].effective = data[0].permitted = data[0].inheritable =
	    1u << CAP_NET_BIND_SERVICE;
    if (syscall(SYS_capset, &hdr, data) < 0) {
	Fail("cannot set the capabilities", NULL, errno);
    }
    if (o->haveUser && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
	    CAP_NET_BIND_SERVICE, 0, 0) < 0) {
	Fail("cannot keep CAP_NET_BIND_SERVICE", NULL, errno);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
	Fail("cannot set no_new_privs", NULL, errno);
    }
}

/*
 * RunProgram --
 *	In a child: default signal dispositions, the sandbox's privileges,
 *	then exec PROGRAM.
 */

static void
RunProgram(
    const Options *o,
    char **argv)
{
    sigset_t none;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (o->sandbox) {
	DropPrivileges(o);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "%s: cannot run %s: %s\n", progname, argv[0],
	    strerror(errno));
    _exit(EXEC_FAILED);
}

/*
 * Init --
 *	PID 1 of the new PID namespace: mount the namespace's own /proc (in a
 *	sandbox), start PROGRAM, reap every process until PROGRAM itself has
 *	ended, write its wait status to STATUSFD and end (which kills
 *	whatever is left in the namespace).
 */

static void
Init(
    const Options *o,
    char **argv,
    int statusFd)
{
    pid_t child, pid;
    int status = 0, got;

    if (o->sandbox && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0) {
	Fail("cannot mount the namespace's /proc", NULL, errno);
    }
    child = fork();
    if (child < 0) {
	Fail("cannot fork", NULL, errno);
    }
    if (child == 0) {
	close(statusFd);
	RunProgram(o, argv);
    }
    for (;;) {
	pid = waitpid(-1, &got, 0);
	if (pid < 0 && errno == EINTR) {
	    continue;
	}
	if (pid < 0 || pid == child) {
	    status = (pid < 0) ? (EXEC_FAILED << 8) : got;
	    break;
	}
    }
    if (write(statusFd, &status, sizeof status) != (ssize_t) sizeof status) {
	_exit(SETUP_FAILED);
    }
    _exit(0);
}

/*
 * EndLike --
 *	Ends this process the way a child with wait status STATUS ended.
 */

static void
EndLike(
    int status)
{
    if (WIFSIGNALED(status)) {
	struct rlimit none = {0, 0};
	int sig = WTERMSIG(status);

	setrlimit(RLIMIT_CORE, &none);	/* the child's core is its own */
	signal(sig, SIG_DFL);
	kill(getpid(), sig);
	exit(128 + sig);		/* a signal that does not kill */
    }
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : SETUP_FAILED);
}

/*
 * Number --
 *	The non-negative decimal number TEXT of option OPT, or a failure.
 */

static long
Number(
    const char *opt,
    const char *text)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0) {
	Fail(opt, "needs a non-negative number", 0);
    }
    return value;
}

int
main(
    int argc,
    char **argv)
{
    Options o;
    int i, pipeFd[2], status, got;
    pid_t parent = getppid(), init;

    memset(&o, 0, sizeof o);
    o.tmpMiB = 64;
    o.nofile = -1;
    for (i = 1; i < argc; i++) {
	const char *a = argv[i];
	int more = i + 1 < argc;

	if (strcmp(a, "--") == 0) {
	    i++;
	    break;
	} else if (strcmp(a, "--netns") == 0 && more) {
	    o.netns = argv[++i];
	} else if (strcmp(a, "--etc") == 0 && more) {
	    o.etc = argv[++i];
	} else if (strcmp(a, "--nsswitch") == 0 && more) {
	    o.nsswitch = argv[++i];
	} else if (strcmp(a, "--contain") == 0) {
	    o.contain = 1;
	} else if (strcmp(a, "--no-network") == 0) {
	    o.noNetwork = 1;
	} else if (strcmp(a, "--sandbox") == 0) {
	    o.sandbox = 1;
	} else if (strcmp(a, "--tmp-size") == 0 && more) {
	    o.tmpMiB = Number(a, argv[++i]);
	} else if (strcmp(a, "--nofile") == 0 && more) {
	    o.nofile = Number(a, argv[++i]);
	} else if (strcmp(a, "--user") == 0 && more) {
	    o.user = (uid_t) Number(a, argv[++i]);
	    o.haveUser = o.user != 0;
	} else if (strcmp(a, "--writable") == 0 && more && o.nWritable < MAX_PATHS) {
	    o.writable[o.nWritable++] = argv[++i];
	} else if (strcmp(a, "--expose") == 0 && more && o.nExpose < MAX_PATHS) {
	    o.expose[o.nExpose++] = argv[++i];
	} else if (strcmp(a, "--chown-fd") == 0 && more && o.nChown < MAX_FDS) {
	    o.chownFd[o.nChown++] = (int) Number(a, argv[++i]);
	} else {
	    Fail("unknown option (or too many of it)", a, 0);
	}
    }
    if (i >= argc) {
	Fail("usage: sockconf-launch [--netns NAME] [--etc DIR] [--nsswitch FILE] "
		"[--no-network] [--contain] [--sandbox] [--tmp-size MIB] "
		"[--writable PATH]... [--expose PATH]... [--user UID] "
		"[--chown-fd FD]... [--nofile N] -- PROGRAM [ARG...]", NULL, 0);
    }
    if (o.sandbox && !o.contain) {
	Fail("--sandbox needs --contain (its /proc is the PID namespace's)", NULL, 0);
    }
    /* Die with the harness process that started us. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
	Fail("cannot set the parent-death signal", NULL, errno);
    }
    if (getppid() != parent) {
	exit(SETUP_FAILED);		/* the parent is already gone */
    }

    if (o.nofile >= 0) {
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
	    Fail("cannot read the descriptor limit", NULL, errno);
	}
	rl.rlim_cur = (rlim_t) o.nofile < rl.rlim_max ? (rlim_t) o.nofile : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
	    Fail("cannot set the descriptor limit", NULL, errno);
	}
    }

    if (o.netns != NULL) {
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof path, "/run/netns/%s", o.netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
	    Fail("cannot open network namespace", path, errno);
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
	    Fail("cannot enter network namespace", o.netns, errno);
	}
	close(fd);
    } else if (o.noNetwork && unshare(CLONE_NEWNET) < 0) {
	Fail("cannot make a network namespace", NULL, errno);
    }

    if (o.etc != NULL || o.nsswitch != NULL || o.sandbox) {
	if (unshare(CLONE_NEWNS) < 0) {
	    Fail("cannot make a mount namespace", NULL, errno);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
	    Fail("cannot make mounts private", NULL, errno);
	}
	if (o.etc != NULL) {
	    BindEtc(o.etc);
	}
	if (o.nsswitch != NULL) {
	    BindOver(o.nsswitch, "/etc/nsswitch.conf");
	}
	if (o.sandbox) {
	    MakeSandbox(&o);
	}
    }

    if (!o.contain) {
	RunProgram(&o, argv + i);
    }

    if (unshare(CLONE_NEWPID) < 0) {
	Fail("cannot make a PID namespace", NULL, errno);
    }
    if (pipe2(pipeFd, O_CLOEXEC) < 0) {
	Fail("cannot make a pipe", NULL, errno);
    }
    init = fork();
    if (init < 0) {
	Fail("cannot fork", NULL, errno);
    }
    if (init == 0) {
	close(pipeFd[0]);
	/* PID 1 dies with us, so a killed launcher takes the namespace. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	Init(&o, argv + i, pipeFd[1]);
    }
    close(pipeFd[1]);
    /*
     * Signals meant for the program (the harness's SIGTERM, a user's
     * SIGINT) end this launcher with its default action; PID 1 then dies
     * of its parent-death signal and the namespace with it.
     */
    while (waitpid(init, &got, 0) < 0) {
	if (errno != EINTR) {
	    Fail("cannot wait for the namespace's init", NULL, errno);
	}
    }
    if (read(pipeFd[0], &status, sizeof status) != (ssize_t) sizeof status) {
	Fail("the namespace's init ended without the program's status",
		NULL, 0);
    }
    EndLike(status);
    return SETUP_FAILED;
}
