/*
 * launch.c -- sockconf-launch, the one way the harness starts an interpreter.
 *
 *   sockconf-launch [--netns NAME] [--etc DIR] [--nsswitch FILE]
 *                   [--no-network] [--contain] -- PROGRAM [ARG...]
 *
 * Runs PROGRAM (searched on PATH) after setting up, in this order:
 *
 *   - death with the parent: if the harness process that started us dies,
 *     for whatever reason, we are killed (PR_SET_PDEATHSIG), and with us
 *     everything below (see --contain);
 *   - --netns NAME: enter the network namespace /run/netns/NAME (made by
 *     `ip netns add`); --no-network: a new network namespace of our own,
 *     with no interface up, so nothing at all can be reached;
 *   - a private mount namespace when any file is to be bind-mounted:
 *     --etc DIR bind-mounts every file of DIR over the /etc file of the same
 *     name (as `ip netns exec` does with /etc/netns/NAME), and --nsswitch FILE
 *     over /etc/nsswitch.conf (host look-ups from files only);
 *   - --contain: a new PID namespace. A small init (PID 1 there) starts
 *     PROGRAM as its only child and reaps whatever gets reparented to it.
 *     When PROGRAM ends, init ends, and the kernel kills every process left
 *     in the namespace: helpers started with setsid or a double fork die
 *     with the case. The wait status of PROGRAM is passed back through a
 *     pipe, and this process ends the same way (the same exit status, or
 *     killed by the same signal), so the caller sees PROGRAM's end exactly.
 *
 * Namespaces and mounts need root; without --netns/--etc/--nsswitch/
 * --contain/--no-network only the first step is made and PROGRAM is exec'd
 * in place. Every failure of the set-up is one line on stderr and exit
 * status 125 (127 when PROGRAM cannot be run), before PROGRAM starts.
 */

#define _GNU_SOURCE 1   /* setns, unshare, CLONE_* */

#include <dirent.h>
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
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED	125
#define EXEC_FAILED	127

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
 * RunProgram --
 *	In a child: default signal dispositions, then exec PROGRAM.
 */

static void
RunProgram(
    char **argv)
{
    sigset_t none;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execvp(argv[0], argv);
    fprintf(stderr, "%s: cannot run %s: %s\n", progname, argv[0],
	    strerror(errno));
    _exit(EXEC_FAILED);
}

/*
 * Init --
 *	PID 1 of the new PID namespace: start PROGRAM, reap every process
 *	until PROGRAM itself has ended, write its wait status to STATUSFD and
 *	end (which kills whatever is left in the namespace).
 */

static void
Init(
    char **argv,
    int statusFd)
{
    pid_t child, pid;
    int status = 0, got;

    child = fork();
    if (child < 0) {
	Fail("cannot fork", NULL, errno);
    }
    if (child == 0) {
	close(statusFd);
	RunProgram(argv);
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

int
main(
    int argc,
    char **argv)
{
    const char *netns = NULL, *etc = NULL, *nsswitch = NULL;
    int contain = 0, noNetwork = 0, i, pipeFd[2], status, got;
    pid_t parent = getppid(), init;

    for (i = 1; i < argc; i++) {
	if (strcmp(argv[i], "--") == 0) {
	    i++;
	    break;
	} else if (strcmp(argv[i], "--netns") == 0 && i + 1 < argc) {
	    netns = argv[++i];
	} else if (strcmp(argv[i], "--etc") == 0 && i + 1 < argc) {
	    etc = argv[++i];
	} else if (strcmp(argv[i], "--nsswitch") == 0 && i + 1 < argc) {
	    nsswitch = argv[++i];
	} else if (strcmp(argv[i], "--contain") == 0) {
	    contain = 1;
	} else if (strcmp(argv[i], "--no-network") == 0) {
	    noNetwork = 1;
	} else {
	    Fail("unknown option", argv[i], 0);
	}
    }
    if (i >= argc) {
	Fail("usage: sockconf-launch [--netns NAME] [--etc DIR] "
		"[--nsswitch FILE] [--no-network] [--contain] -- PROGRAM "
		"[ARG...]", NULL, 0);
    }

    /* Die with the harness process that started us. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
	Fail("cannot set the parent-death signal", NULL, errno);
    }
    if (getppid() != parent) {
	exit(SETUP_FAILED);		/* the parent is already gone */
    }

    if (netns != NULL) {
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof path, "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
	    Fail("cannot open network namespace", path, errno);
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
	    Fail("cannot enter network namespace", netns, errno);
	}
	close(fd);
    } else if (noNetwork && unshare(CLONE_NEWNET) < 0) {
	Fail("cannot make a network namespace", NULL, errno);
    }

    if (etc != NULL || nsswitch != NULL) {
	if (unshare(CLONE_NEWNS) < 0) {
	    Fail("cannot make a mount namespace", NULL, errno);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
	    Fail("cannot make mounts private", NULL, errno);
	}
	if (etc != NULL) {
	    BindEtc(etc);
	}
	if (nsswitch != NULL) {
	    BindOver(nsswitch, "/etc/nsswitch.conf");
	}
    }

    if (!contain) {
	RunProgram(argv + i);
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
	Init(argv + i, pipeFd[1]);
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
