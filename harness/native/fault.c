/*
 * fault.c -- LD_PRELOAD fault shim of sockconf's network profiles and fault
 * cases.
 *
 * Environment variables, read on every call that may need them, so a process
 * that changes its environment (a case setting ::env(...)) sees the change at
 * once:
 *
 * SOCKCONF_FAULT_DENY_FAMILY
 *	A comma- or space-separated list of "inet" (AF_INET) and "inet6"
 *	(AF_INET6): socket(2) of those families fails with EAFNOSUPPORT. This
 *	lets profile v4only look like a host whose kernel has no IPv6 at all
 *	(disabling IPv6 with sysctl still lets AF_INET6 sockets bind "::"), and
 *	profile v6only like a host without IPv4.
 *
 * SOCKCONF_FAULT_FAIL, SOCKCONF_FAULT_RULES
 *	Lists of rules that make system calls fail, fall short or take time the
 *	way a real system or network can, so that cases reach paths no healthy
 *	loopback takes. SOCKCONF_FAULT_FAIL is the case's own (set from Tcl,
 *	include faults.tcl's with_fault); SOCKCONF_FAULT_RULES holds the rules a
 *	case declares in its frontmatter (faults:), set by the harness for the
 *	whole run. A call is offered to the rules of SOCKCONF_FAULT_FAIL first.
 *	Rules are separated by spaces, tabs or commas; ';' separates groups
 *	(each group must be seen to fire: see "reports" below). A rule is
 *
 *	  CALL[/QUALIFIER]...:ACTION[:COUNT][:OPTION=N]...
 *
 *	  CALL       socket bind listen accept accept4 connect getsockname
 *	             getpeername getsockopt setsockopt fcntl poll getaddrinfo,
 *	             and the data calls send sendto sendmsg write writev recv
 *	             recvfrom recvmsg read readv; "output" names any of the
 *	             first five, "input" any of the last five
 *	  QUALIFIER  the rule applies only to calls that match every one:
 *	             inet, inet6     the address family of the socket (socket,
 *	                             bind, connect: of the argument; the other
 *	                             descriptor calls: of the descriptor)
 *	             client, accepted, listener
 *	                             the role of the descriptor, as the shim saw
 *	                             it made: connect() makes a client (also the
 *	                             connect call itself), listen() a listener,
 *	                             accept() and accept4() an accepted socket
 *	             flags           socket() with SOCK_NONBLOCK or SOCK_CLOEXEC
 *	                             in its type, as kernels before Linux 2.6.27
 *	                             reject with EINVAL
 *	             reuseaddr, v6only, error
 *	                             getsockopt/setsockopt of SO_REUSEADDR,
 *	                             IPV6_V6ONLY, SO_ERROR
 *	             getfl, setfl, getfd, setfd
 *	                             fcntl of F_GETFL, F_SETFL, F_GETFD, F_SETFD
 *	             passive         getaddrinfo with AI_PASSIVE in its hints
 *	  ACTION     an errno name (EMFILE, EAGAIN, ECONNRESET, ...; the table
 *	             is faultrule.c): the call returns -1 with that errno and
 *	             does nothing. getaddrinfo returns EAI_SYSTEM with errno set,
 *	             or the EAI_ code named (EAI_AGAIN, EAI_FAIL, EAI_MEMORY,
 *	             EAI_NONAME). Some keep the call's real work or state, as the
 *	             system would:
 *	             connect:EINTR   the connect is made, and one that would be
 *	                             in progress (EINPROGRESS) is reported as
 *	                             interrupted; it goes on in the background,
 *	                             as POSIX specifies for an interrupted
 *	                             connect
 *	             connect:SYNC    the connect is made and waited for, so it
 *	                             returns 0 (or its error) at once, as
 *	                             kernels that finish loopback connects
 *	                             within the call do
 *	             EAGAIN, EWOULDBLOCK on a data call
 *	                             only on a non-blocking descriptor (or with
 *	                             MSG_DONTWAIT): a blocking one would wait;
 *	                             on a blocking descriptor the rule does not
 *	                             match
 *	             ECONNRESET, EPIPE on a data call
 *	                             the connection is broken for good, as after
 *	                             a reset: both directions are shut down,
 *	                             later reads return 0 (end of file) and
 *	                             later writes fail with EPIPE; EPIPE, and
 *	                             every later write, raises SIGPIPE as the
 *	                             kernel does (not for send, sendto, sendmsg
 *	                             with MSG_NOSIGNAL)
 *	             SHORT=N         data calls: move at most N bytes (a short
 *	                             write or read); a call of N bytes or fewer
 *	                             is not altered and does not count
 *	             DELAY=MS        sleep MS milliseconds, then make the call (a
 *	                             slow resolver, a slow accept, a slow peer);
 *	                             a non-blocking connect spends the time
 *	                             inside the call
 *	  COUNT      how many calls the rule alters at most; spent rules let
 *	             calls through
 *	  OPTION     skip=N   the first N matching calls pass untouched
 *	             bytes=N  data calls: the first N bytes moved by matching
 *	                      calls pass; the call that would cross byte N is
 *	                      cut short there, so the action hits exactly after
 *	                      byte N
 *	             p=N      a due call is altered with probability N percent,
 *	                      drawn from SOCKCONF_FAULT_SEED (a number, default
 *	                      0), the rule's text and the number of the draw:
 *	                      the same seed gives the same choices in every run
 *
 *	The first rule that matches a call and is due (not skipping, not spent,
 *	drawn) alters it; every matching rule counts the call (and the bytes it
 *	moves). Counts start again for a rule that was not in its variable's
 *	value when a call last looked (an unset or empty variable counts as a
 *	value of its own), and are kept for rules that stay.
 *
 *	Data rules apply only to TCP sockets of the families above that this
 *	process made or accepted through the shim: a file, a pipe or a socket
 *	the process inherited is never touched, whatever the rule.
 *
 * SOCKCONF_FAULT_FD
 *	Where the shim reports (the fault channel; harness/sockconf/faults.py
 *	reads it): a descriptor number open for writing (a pipe), or an absolute
 *	path of a file opened for appending. One JSON object per line, each
 *	line written with one write(2) of fewer than PIPE_BUF bytes, every value
 *	a string:
 *	  armed  var, seq, value     a variable's new value, first seen
 *	  bad    var, seq, rule, why a malformed rule (it never matches)
 *	  fired  var, seq, group, rule, call, role, fd
 *	                             the first call a rule altered, per call and
 *	                             descriptor role
 *	  count  var, seq, group, rule, call, role, matched, injected
 *	                             at exit, per rule, call and role
 *	  emulated  personality, what, call, role, fd
 *	                             the first call a personality (below)
 *	                             changed, per kind of difference
 *	and pid in each. Roles: client, accepted, listener, socket (no role yet),
 *	other (a descriptor the shim did not make), none (no descriptor).
 *
 * SOCKCONF_FAULT_PERSONALITY
 *	"bsd" or "windows": emulate socket semantics of those systems that differ
 *	from Linux's, as spec/PROFILES.md lists them with their sources:
 *	  bsd, windows  IPV6_V6ONLY is on for a new AF_INET6 socket (the Linux
 *	                default, net.ipv6.bindv6only, is off); accept() gives
 *	                the new descriptor the listener's O_NONBLOCK
 *	  bsd           a stream socket whose connect failed cannot connect
 *	                again: a later connect() fails with EINVAL
 *	  windows       SO_REUSEADDR lets several sockets that all set it bind
 *	                one address and port, listening ones too (mapped to
 *	                Linux's SO_REUSEPORT)
 *
 * Only calls through the dynamic linker are seen: glibc's internal socket
 * calls (getaddrinfo's address sorting, for one) do not go through the PLT
 * and are unaffected, and neither are fortified variants (__recv_chk, ...).
 * Everything else is passed through unchanged.
 */

#define _GNU_SOURCE 1   /* RTLD_NEXT, accept4, dup3 */

#include "faultrule.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/*
 * With _GNU_SOURCE glibc declares the address arguments of the socket calls
 * as transparent unions; the definitions below must use the same types.
 */

#ifdef __SOCKADDR_ALLTYPES
#define SA(arg)  ((arg).__sockaddr__)
#else
#define SA(arg)  (arg)
#endif

#define MAX_RULES 32		/* per variable */
#define SPEC_MAX 1024		/* characters of a variable's value */
#define ROLE_FDS 4096		/* descriptors whose role the shim keeps */
#define MAX_STATS 256		/* (rule, call, role) combinations reported */
#define MAX_IOV 64		/* iovec entries a shortened vector call keeps */
#define LINE_MAX_BYTES 2048	/* a report line; below PIPE_BUF (4096) */

/*
 * Resolve the next definition of a symbol (libc's) once. POSIX allows no
 * cast between function and object pointers in standard C; the memcpy is
 * the portable way to convert dlsym's result.
 */

#define NEXT(var, name)                                         \
    do {                                                        \
        if ((var) == NULL) {                                    \
            void *sym_ = dlsym(RTLD_NEXT, name);                \
            if (sym_ == NULL) {                                 \
                errno = ENOSYS;                                 \
                return -1;                                      \
            }                                                   \
            memcpy(&(var), &sym_, sizeof (var));                \
        }                                                       \
    } while (0)

typedef int (*socket_fn)(int, int, int);
typedef int (*bind_fn)(int, __CONST_SOCKADDR_ARG, socklen_t);
typedef int (*listen_fn)(int, int);
typedef int (*accept_fn)(int, __SOCKADDR_ARG, socklen_t *);
typedef int (*accept4_fn)(int, __SOCKADDR_ARG, socklen_t *, int);
typedef int (*connect_fn)(int, __CONST_SOCKADDR_ARG, socklen_t);
typedef int (*name_fn)(int, __SOCKADDR_ARG, socklen_t *);
typedef int (*getsockopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*setsockopt_fn)(int, int, int, const void *, socklen_t);
typedef int (*fcntl_fn)(int, int, ...);
typedef int (*poll_fn)(struct pollfd *, nfds_t, int);
typedef int (*getaddrinfo_fn)(const char *, const char *,
        const struct addrinfo *, struct addrinfo **);
typedef ssize_t (*send_fn)(int, const void *, size_t, int);
typedef ssize_t (*sendto_fn)(int, const void *, size_t, int,
	__CONST_SOCKADDR_ARG, socklen_t);
typedef ssize_t (*sendmsg_fn)(int, const struct msghdr *, int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef ssize_t (*recv_fn)(int, void *, size_t, int);
typedef ssize_t (*recvfrom_fn)(int, void *, size_t, int, __SOCKADDR_ARG,
	socklen_t *);
typedef ssize_t (*recvmsg_fn)(int, struct msghdr *, int);
typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*readv_fn)(int, const struct iovec *, int);
typedef int (*close_fn)(int);
typedef int (*dup_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);
typedef int (*shutdown_fn)(int, int);

static socket_fn next_socket;
static bind_fn next_bind;
static listen_fn next_listen;
static accept_fn next_accept;
static accept4_fn next_accept4;
static connect_fn next_connect;
static name_fn next_getsockname;
static name_fn next_getpeername;
static getsockopt_fn next_getsockopt;
static setsockopt_fn next_setsockopt;
static fcntl_fn next_fcntl;
static poll_fn next_poll;
static getaddrinfo_fn next_getaddrinfo;
static send_fn next_send;
static sendto_fn next_sendto;
static sendmsg_fn next_sendmsg;
static write_fn next_write;
static writev_fn next_writev;
static recv_fn next_recv;
static recvfrom_fn next_recvfrom;
static recvmsg_fn next_recvmsg;
static read_fn next_read;
static readv_fn next_readv;
static close_fn next_close;
static dup_fn next_dup;
static dup2_fn next_dup2;
static dup3_fn next_dup3;
static shutdown_fn next_shutdown;

/* ------------------------------------------------------------------ state */

/*
 * Descriptor states: the role and family of the TCP sockets this process
 * made or accepted, and what a fault or a personality left on them.
 */

enum { R_NONE, R_NEW, R_CLIENT, R_ACCEPTED, R_LISTENER, R_OTHER, R_NOFD };
static const char *const roleWords[] = {
    "other", "socket", "client", "accepted", "listener", "other", "none"
};

#define S_ROLE 0x07u
#define S_INET6 0x08u
#define S_BROKEN 0x10u		/* a reset or broken pipe was injected */
#define S_FAILED 0x20u		/* bsd: a connect on it failed */

enum { P_LINUX, P_BSD, P_WINDOWS };

/* The rules of one variable's value, and how far each has got. */
typedef struct RuleState {
    FaultRule rule;
    unsigned long matched;	/* matching calls */
    unsigned long draws;	/* due calls offered to the p= draw */
    unsigned long injected;	/* calls altered */
    unsigned long long moved;	/* bytes moved by matching calls */
} RuleState;

typedef struct RuleSet {
    const char *var;		/* FAIL, RULES: the report's name for it */
    const char *env;		/* the environment variable */
    char value[SPEC_MAX];
    unsigned seq;		/* number of the value, for the reports */
    int tooLong;		/* the value is too long to be used */
    int n;
    RuleState rules[MAX_RULES];
} RuleSet;

/* What the report says of one rule on one call and role. */
typedef struct Stat {
    int set;
    unsigned seq;
    int group;
    int call;
    int role;
    unsigned long matched, injected;
    char rule[FAULT_RULE_MAX];
} Stat;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char fdState[ROLE_FDS];
static RuleSet sets[2] = {
    {.var = "FAIL", .env = "SOCKCONF_FAULT_FAIL"},
    {.var = "RULES", .env = "SOCKCONF_FAULT_RULES"},
};
static unsigned long generation;	/* changes with any rule set */
static unsigned long long seed;
static Stat stats[MAX_STATS];
static int nStats, statsLost;
static int reportFd = -2;		/* -2: not looked up yet; -1: none */
static int personality = -1;		/* -1: not looked up yet */

/* The personality's differences, reported the first time each changes a call. */
enum { E_V6ONLY, E_ACCEPT_NONBLOCK, E_CONNECT_AGAIN, E_REUSEADDR, E_COUNT };
static const char *const emulatedWords[E_COUNT] = {
    "v6only-default", "accept-inherits-nonblocking", "connect-after-failure",
    "reuseaddr-shares-port"
};
static int emulatedSeen[E_COUNT];

/* The role of a descriptor, for reports. Lock held. */
static int
fd_role_locked(int fd)
{
    unsigned v = (fd >= 0 && fd < ROLE_FDS) ? fdState[fd] : 0;

    return fd < 0 ? R_NOFD : (v & S_ROLE) == R_NONE ? R_OTHER : (int) (v & S_ROLE);
}

/* Fail the call with errno err. */
static int
failed(int err)
{
    errno = err;
    return -1;
}

/* ---------------------------------------------------------------- reports */

/* Append s to the JSON line at out (used of size), quoted and escaped. */
static void
json_string(char *out, size_t size, size_t *used, const char *s)
{
    size_t n = *used;

    if (n + 1 < size) {
	out[n++] = '"';
    }
    for (; *s != '\0' && n + 8 < size; s++) {
	unsigned char c = (unsigned char) *s;

	if (c == '"' || c == '\\') {
	    out[n++] = '\\';
	    out[n++] = (char) c;
	} else if (c < 0x20 || c >= 0x7f) {
	    n += (size_t) snprintf(out + n, size - n, "\\u%04x", c);
	} else {
	    out[n++] = (char) c;
	}
    }
    if (n + 1 < size) {
	out[n++] = '"';
    }
    *used = n;
}

/* The fault channel's descriptor (SOCKCONF_FAULT_FD), or -1. Lock held. */
static int
report_fd(void)
{
    const char *v;

    if (reportFd != -2) {
	return reportFd;
    }
    reportFd = -1;
    v = getenv("SOCKCONF_FAULT_FD");
    if (v == NULL || *v == '\0') {
	return -1;
    }
    if (v[0] == '/') {
	reportFd = open(v, O_WRONLY | O_APPEND | O_CLOEXEC);
    } else if (strspn(v, "0123456789") == strlen(v) && strlen(v) < 8) {
	reportFd = atoi(v);
    }
    return reportFd;
}

/*
 * Write one report line: type, then pairs of key and value (NULL ends
 * them), with pid added. Lock held.
 */
static void
emit(const char *type, ...)
{
    char line[LINE_MAX_BYTES], num[24];
    size_t used = 0;
    const char *key;
    va_list ap;
    int fd = report_fd();

    if (fd < 0) {
	return;
    }
    if (next_write == NULL) {
	void *sym = dlsym(RTLD_NEXT, "write");

	if (sym == NULL) {
	    return;
	}
	memcpy(&next_write, &sym, sizeof next_write);
    }
    used = (size_t) snprintf(line, sizeof line, "{\"t\":");
    json_string(line, sizeof line, &used, type);
    snprintf(num, sizeof num, "%ld", (long) getpid());
    used += (size_t) snprintf(line + used, sizeof line - used, ",\"pid\":");
    json_string(line, sizeof line, &used, num);
    va_start(ap, type);
    while ((key = va_arg(ap, const char *)) != NULL) {
	const char *value = va_arg(ap, const char *);

	if (used + 4 < sizeof line) {
	    line[used++] = ',';
	}
	json_string(line, sizeof line, &used, key);
	if (used + 2 < sizeof line) {
	    line[used++] = ':';
	}
	json_string(line, sizeof line, &used, value);
    }
    va_end(ap);
    if (used + 2 >= sizeof line) {
	return;			/* cannot happen with the sizes above */
    }
    line[used++] = '}';
    line[used++] = '\n';
    (void) next_write(fd, line, used);
}

/* Report that the personality changed a call (the first time for each kind). */
static void
emulated(int kind, int call, int fd)
{
    char fdText[16];
    static const char *const names[] = {"linux", "bsd", "windows"};

    pthread_mutex_lock(&lock);
    if (!emulatedSeen[kind]) {
	emulatedSeen[kind] = 1;
	snprintf(fdText, sizeof fdText, "%d", fd);
	emit("emulated", "personality", names[personality], "what",
		emulatedWords[kind], "call", faultCalls[call].name,
		"role", roleWords[fd_role_locked(fd)], "fd", fdText,
		(const char *) NULL);
    }
    pthread_mutex_unlock(&lock);
}

/* The statistics of one rule on one call and role, or NULL. Lock held. */
static Stat *
stat_of(int setIndex, const RuleState *r, int call, int role)
{
    int i;
    Stat *st;

    for (i = 0; i < nStats; i++) {
	st = &stats[i];
	if (st->set == setIndex && st->seq == sets[setIndex].seq
		&& st->call == call && st->role == role
		&& st->group == r->rule.group
		&& strcmp(st->rule, r->rule.text) == 0) {
	    return st;
	}
    }
    if (nStats == MAX_STATS) {
	statsLost = 1;
	return NULL;
    }
    st = &stats[nStats++];
    memset(st, 0, sizeof *st);
    st->set = setIndex;
    st->seq = sets[setIndex].seq;
    st->group = r->rule.group;
    st->call = call;
    st->role = role;
    strcpy(st->rule, r->rule.text);
    return st;
}

/* At exit: how often each rule matched and altered calls. */
__attribute__((destructor))
static void
report_counts(void)
{
    int i;
    char seq[16], group[16], matched[24], injected[24];

    pthread_mutex_lock(&lock);
    for (i = 0; i < nStats; i++) {
	const Stat *st = &stats[i];

	snprintf(seq, sizeof seq, "%u", st->seq);
	snprintf(group, sizeof group, "%d", st->group);
	snprintf(matched, sizeof matched, "%lu", st->matched);
	snprintf(injected, sizeof injected, "%lu", st->injected);
	emit("count", "var", sets[st->set].var, "seq", seq, "group", group,
		"rule", st->rule, "call", faultCalls[st->call].name,
		"role", roleWords[st->role], "matched", matched,
		"injected", injected, (const char *) NULL);
    }
    if (statsLost) {
	emit("count", "lost", "more rule, call and role combinations than "
		"the shim keeps", (const char *) NULL);
    }
    pthread_mutex_unlock(&lock);
}

/* ------------------------------------------------------------------ rules */

/* Parse the value v of set s, keeping the counts of rules that stay. Lock
 * held. */
static void
set_value(int setIndex, const char *v)
{
    RuleSet *s = &sets[setIndex];
    RuleState old[MAX_RULES];
    int nOld = s->n, j, group = 0;
    const char *p = v;
    size_t n;
    char why[FAULT_WHY_MAX], seq[16];

    memcpy(old, s->rules, sizeof old);
    s->n = 0;
    s->seq++;
    generation++;
    snprintf(seq, sizeof seq, "%u", s->seq);
    snprintf(s->value, sizeof s->value, "%s", v);
    if (*v != '\0') {
	emit("armed", "var", s->var, "seq", seq, "value", v,
		(const char *) NULL);
    }
    while ((p = FaultNextRule(p, &n, &group)) != NULL) {
	RuleState *r = &s->rules[s->n];

	if (s->n == MAX_RULES) {
	    emit("bad", "var", s->var, "seq", seq, "rule", "",
		    "why", "more than 32 rules in one variable",
		    (const char *) NULL);
	    break;
	}
	memset(r, 0, sizeof *r);
	if (FaultParseRule(p, n, &r->rule, why, sizeof why) < 0) {
	    char text[FAULT_RULE_MAX];

	    snprintf(text, sizeof text, "%.*s", (int) (n < 127 ? n : 127), p);
	    emit("bad", "var", s->var, "seq", seq, "rule", text, "why", why,
		    (const char *) NULL);
	} else {
	    r->rule.group = group;
	    for (j = 0; j < nOld; j++) {
		if (old[j].rule.text[0] != '\0'
			&& strcmp(old[j].rule.text, r->rule.text) == 0) {
		    r->matched = old[j].matched;
		    r->draws = old[j].draws;
		    r->injected = old[j].injected;
		    r->moved = old[j].moved;
		    old[j].rule.text[0] = '\0';
		    break;
		}
	    }
	    s->n++;
	}
	p += n;
    }
}

/* Bring both rule sets up to date with the environment. Lock held. */
static void
refresh(void)
{
    int i;
    const char *v, *sd;

    for (i = 0; i < 2; i++) {
	v = getenv(sets[i].env);
	if (v == NULL) {
	    v = "";
	}
	if (strlen(v) >= SPEC_MAX) {
	    if (!sets[i].tooLong) {
		emit("bad", "var", sets[i].var, "seq", "0", "rule", "",
			"why", "the value is longer than 1023 characters",
			(const char *) NULL);
		set_value(i, "");
		sets[i].tooLong = 1;
	    }
	    continue;
	}
	if (sets[i].tooLong || strcmp(v, sets[i].value) != 0) {
	    sets[i].tooLong = 0;
	    set_value(i, v);
	}
    }
    sd = getenv("SOCKCONF_FAULT_SEED");
    seed = (sd != NULL) ? strtoull(sd, NULL, 10) : 0;
}

/* A number from 0 to 99 drawn for the k-th due call of a rule. */
static unsigned
draw(const char *text, unsigned long k)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    int i;

    for (; *text != '\0'; text++) {
	h = (h ^ (unsigned char) *text) * 1099511628211ULL;
    }
    for (i = 0; i < 8; i++) {
	h = (h ^ ((k >> (8 * i)) & 0xff)) * 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (unsigned) (h % 100);
}

/* What a call offers the rules. */
typedef struct Call {
    int call;			/* FC_ */
    unsigned quals;		/* FQ_ bits that hold */
    int fd;			/* -1: none */
    int role;			/* R_ */
    size_t len;			/* data calls: bytes asked for */
    int nonblocking;		/* data calls: -1 until looked up */
} Call;

/* What the rules decided. */
typedef struct Decision {
    int act;			/* 0: nothing; 1: action below */
    int action;			/* FA_ */
    long value;
    size_t limit;		/* data calls: at most this many bytes */
    unsigned long gen;		/* generation of the rules in acct */
    int nAcct;
    RuleState *acct[2 * MAX_RULES];	/* count the bytes moved to these */
} Decision;

/* Is the descriptor of a data call non-blocking? */
static int
nonblocking(Call *c)
{
    if (c->nonblocking < 0) {
	int fl = -1;

	if (next_fcntl == NULL) {
	    void *sym = dlsym(RTLD_NEXT, "fcntl");

	    if (sym != NULL) {
		memcpy(&next_fcntl, &sym, sizeof next_fcntl);
	    }
	}
	if (next_fcntl != NULL) {
	    fl = next_fcntl(c->fd, F_GETFL);
	}
	c->nonblocking = (fl >= 0 && (fl & O_NONBLOCK)) ? 1 : 0;
    }
    return c->nonblocking;
}

/*
 * Offer call c to the rules; fill *d with what to do. The first matching,
 * due rule acts; every matching rule counts the call.
 */
static void
decide(Call *c, Decision *d)
{
    int si, i;
    char fdText[16], seq[16], group[16];

    memset(d, 0, sizeof *d);
    d->limit = SIZE_MAX;
    pthread_mutex_lock(&lock);
    refresh();
    d->gen = generation;
    for (si = 0; si < 2; si++) {
	RuleSet *s = &sets[si];

	for (i = 0; i < s->n; i++) {
	    RuleState *r = &s->rules[i];
	    const FaultRule *fr = &r->rule;
	    Stat *st;
	    int due;

	    if (!FC_NAMES(fr->call, c->call) || (fr->quals & ~c->quals) != 0) {
		continue;
	    }
	    if (FC_IS_DATA(c->call) && fr->action == FA_ERRNO
		    && fr->value == EAGAIN && !nonblocking(c)) {
		continue;
	    }
	    r->matched++;
	    st = stat_of(si, r, c->call, c->role);
	    if (st != NULL) {
		st->matched++;
	    }
	    due = r->matched > fr->skip;
	    if (FC_IS_DATA(c->call) && fr->bytes > 0) {
		if (d->nAcct < (int) (sizeof d->acct / sizeof d->acct[0])) {
		    d->acct[d->nAcct++] = r;
		}
		if (r->moved < fr->bytes) {
		    unsigned long long left = fr->bytes - r->moved;

		    if (left < d->limit) {
			d->limit = (size_t) left;
		    }
		    due = 0;
		}
	    }
	    if (d->act || !due) {
		continue;
	    }
	    if (fr->count != 0 && r->injected >= fr->count) {
		continue;
	    }
	    if (fr->action == FA_SHORT && c->len <= (size_t) fr->value) {
		continue;
	    }
	    if (fr->percent < 100 && draw(fr->text, ++r->draws)
		    >= (unsigned) fr->percent) {
		continue;
	    }
	    d->act = 1;
	    d->action = fr->action;
	    d->value = fr->value;
	    if (fr->action == FA_SHORT && (size_t) fr->value < d->limit) {
		d->limit = (size_t) fr->value;
	    }
	    r->injected++;
	    if (st != NULL && st->injected++ == 0) {
		snprintf(fdText, sizeof fdText, "%d", c->fd);
		snprintf(seq, sizeof seq, "%u", s->seq);
		snprintf(group, sizeof group, "%d", fr->group);
		emit("fired", "var", s->var, "seq", seq, "group", group,
			"rule", fr->text, "call", faultCalls[c->call].name,
			"role", roleWords[c->role], "fd", fdText,
			(const char *) NULL);
	    }
	}
    }
    pthread_mutex_unlock(&lock);
}

/* Count the n bytes a data call moved for the rules that wait for bytes. */
static void
account(const Decision *d, ssize_t n)
{
    int i;

    if (n <= 0 || d->nAcct == 0) {
	return;
    }
    pthread_mutex_lock(&lock);
    if (d->gen == generation) {
	for (i = 0; i < d->nAcct; i++) {
	    d->acct[i]->moved += (unsigned long long) n;
	}
    }
    pthread_mutex_unlock(&lock);
}

/* Is any rule set? Calls skip their qualifier look-ups otherwise. */
static int
armed(void)
{
    const char *a = getenv("SOCKCONF_FAULT_FAIL");
    const char *b = getenv("SOCKCONF_FAULT_RULES");

    return (a != NULL && *a != '\0') || (b != NULL && *b != '\0');
}

/* Sleep ms milliseconds, whatever signals arrive. */
static void
delay(long ms)
{
    struct timespec ts, left;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &left) < 0 && errno == EINTR) {
	ts = left;
    }
}

/* ------------------------------------------------------------ descriptors */

static unsigned
fd_state(int fd)
{
    unsigned v = 0;

    if (fd >= 0 && fd < ROLE_FDS) {
	pthread_mutex_lock(&lock);
	v = fdState[fd];
	pthread_mutex_unlock(&lock);
    }
    return v;
}

static void
fd_set_state(int fd, unsigned v)
{
    if (fd >= 0 && fd < ROLE_FDS) {
	pthread_mutex_lock(&lock);
	fdState[fd] = (unsigned char) v;
	pthread_mutex_unlock(&lock);
    }
}

static void
fd_update(int fd, unsigned clear, unsigned set)
{
    if (fd >= 0 && fd < ROLE_FDS) {
	pthread_mutex_lock(&lock);
	if (fdState[fd] != 0) {
	    fdState[fd] = (unsigned char) ((fdState[fd] & ~clear) | set);
	}
	pthread_mutex_unlock(&lock);
    }
}

/* The role of a descriptor for the rules and reports. */
static int
fd_role(int fd)
{
    unsigned v = fd_state(fd);

    return (v & S_ROLE) == R_NONE ? R_OTHER : (int) (v & S_ROLE);
}

static unsigned
role_quals(int role)
{
    switch (role) {
    case R_CLIENT: return FQ_CLIENT;
    case R_ACCEPTED: return FQ_ACCEPTED;
    case R_LISTENER: return FQ_LISTENER;
    default: return 0;
    }
}

static unsigned
family_qual(int family)
{
    return family == AF_INET ? FQ_INET : family == AF_INET6 ? FQ_INET6 : 0;
}

/* The family qualifier of a descriptor's socket. */
static unsigned
fd_family(int fd)
{
    unsigned v = fd_state(fd);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    __SOCKADDR_ARG arg;

    if (v != 0) {
	return (v & S_INET6) ? FQ_INET6 : FQ_INET;
    }
    SA(arg) = (struct sockaddr *) &ss;
    if (next_getsockname == NULL) {
	void *sym = dlsym(RTLD_NEXT, "getsockname");

	if (sym == NULL) {
	    return 0;
	}
	memcpy(&next_getsockname, &sym, sizeof next_getsockname);
    }
    if (next_getsockname(fd, arg, &len) < 0) {
	return 0;
    }
    return family_qual(ss.ss_family);
}

/* A descriptor call: its family and role qualifiers (when rules are set). */
static void
fd_call(Call *c, int call, int fd)
{
    memset(c, 0, sizeof *c);
    c->call = call;
    c->fd = fd;
    c->role = fd_role(fd);
    c->nonblocking = -1;
    if (armed()) {
	c->quals = fd_family(fd) | role_quals(c->role);
    }
}

static int
personality_of(void)
{
    pthread_mutex_lock(&lock);
    if (personality < 0) {
	const char *p = getenv("SOCKCONF_FAULT_PERSONALITY");

	personality = P_LINUX;
	if (p != NULL && strcmp(p, "bsd") == 0) {
	    personality = P_BSD;
	} else if (p != NULL && strcmp(p, "windows") == 0) {
	    personality = P_WINDOWS;
	}
    }
    pthread_mutex_unlock(&lock);
    return personality;
}

/* Is FAMILY named in SOCKCONF_FAULT_DENY_FAMILY? */
static int
denied(int family)
{
    const char *list = getenv("SOCKCONF_FAULT_DENY_FAMILY");
    const char *want;

    if (family == AF_INET) {
	want = "inet";
    } else if (family == AF_INET6) {
	want = "inet6";
    } else {
	return 0;
    }
    if (list == NULL) {
	return 0;
    }
    while (*list != '\0') {
	size_t n = strcspn(list, ", \t");

	if (strlen(want) == n && strncmp(list, want, n) == 0) {
	    return 1;
	}
	list += n;
	list += strspn(list, ", \t");
    }
    return 0;
}

/* ------------------------------------------------------- connection setup */

int
socket(int domain, int type, int protocol)
{
    Call call;
    Decision d;
    int fd;

    if (denied(domain)) {
	errno = EAFNOSUPPORT;
	return -1;
    }
    NEXT(next_socket, "socket");
    memset(&call, 0, sizeof call);
    call.call = FC_SOCKET;
    call.fd = -1;
    call.role = R_NOFD;
    call.quals = family_qual(domain);
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    if (type & (SOCK_NONBLOCK | SOCK_CLOEXEC)) {
	call.quals |= FQ_FLAGS;
    }
#endif
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    fd = next_socket(domain, type, protocol);
    if (fd >= 0 && (domain == AF_INET || domain == AF_INET6)
	    && (type & 0xf) == SOCK_STREAM) {
	fd_set_state(fd, R_NEW | (domain == AF_INET6 ? S_INET6 : 0));
	if (domain == AF_INET6 && personality_of() != P_LINUX) {
	    int on = 1;

	    NEXT(next_setsockopt, "setsockopt");
	    if (next_setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		    sizeof on) == 0) {
		emulated(E_V6ONLY, FC_SOCKET, fd);
	    }
	}
    }
    return fd;
}

int
bind(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
    Call call;
    Decision d;

    NEXT(next_bind, "bind");
    fd_call(&call, FC_BIND, fd);
    call.quals = (call.quals & ~FQ_FAMILY)
	    | ((SA(addr) != NULL) ? family_qual(SA(addr)->sa_family) : 0);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    return next_bind(fd, addr, len);
}

int
listen(int fd, int backlog)
{
    Call call;
    Decision d;
    int rc;

    NEXT(next_listen, "listen");
    fd_call(&call, FC_LISTEN, fd);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    rc = next_listen(fd, backlog);
    if (rc == 0) {
	fd_update(fd, S_ROLE, R_LISTENER);
    }
    return rc;
}

/* A descriptor accepted on listener lfd: its role, and under the bsd and
 * windows personalities (accept() only) the listener's O_NONBLOCK. */
static void
accepted(int lfd, int fd, int inherit)
{
    unsigned v = fd_state(lfd);

    if (fd < 0) {
	return;
    }
    if (v == 0 && fd_family(lfd) == FQ_INET6) {
	v = S_INET6;		/* a listener the shim did not see made */
    }
    fd_set_state(fd, R_ACCEPTED | (v & S_INET6));
    if (inherit && personality_of() != P_LINUX && next_fcntl != NULL) {
	int fl = next_fcntl(lfd, F_GETFL);

	if (fl >= 0 && (fl & O_NONBLOCK)) {
	    int nfl = next_fcntl(fd, F_GETFL);

	    if (nfl >= 0 && !(nfl & O_NONBLOCK)
		    && next_fcntl(fd, F_SETFL, nfl | O_NONBLOCK) == 0) {
		emulated(E_ACCEPT_NONBLOCK, FC_ACCEPT, fd);
	    }
	}
    }
}

int
accept(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call;
    Decision d;
    int nfd;

    NEXT(next_accept, "accept");
    NEXT(next_fcntl, "fcntl");
    fd_call(&call, FC_ACCEPT, fd);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    nfd = next_accept(fd, addr, lenPtr);
    accepted(fd, nfd, 1);
    return nfd;
}

int
accept4(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr, int flags)
{
    Call call;
    Decision d;
    int nfd;

    NEXT(next_accept4, "accept4");
    NEXT(next_fcntl, "fcntl");
    fd_call(&call, FC_ACCEPT4, fd);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    nfd = next_accept4(fd, addr, lenPtr, flags);
    accepted(fd, nfd, 0);
    return nfd;
}

/* Wait for the connect in progress on fd to end: 0, or -1 with errno. */
static int
wait_connected(int fd)
{
    struct pollfd pfd;
    int n, err = 0;
    socklen_t len = sizeof err;

    NEXT(next_poll, "poll");
    NEXT(next_getsockopt, "getsockopt");
    pfd.fd = fd;
    pfd.events = POLLOUT;
    do {
	pfd.revents = 0;
	n = next_poll(&pfd, 1, 60000);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
	return failed(n == 0 ? ETIMEDOUT : errno);
    }
    if (next_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
	return -1;
    }
    return err != 0 ? failed(err) : 0;
}

/* Does this errno of connect() mean that the attempt itself failed? */
static int
connect_failure(int err)
{
    return err != EINPROGRESS && err != EINTR && err != EALREADY
	    && err != EISCONN && err != EAGAIN && err != EBADF
	    && err != ENOTSOCK && err != EFAULT;
}

int
connect(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
    Call call;
    Decision d;
    int rc, err = 0, action = -1;

    NEXT(next_connect, "connect");
    if (personality_of() == P_BSD && (fd_state(fd) & S_FAILED)) {
	/* FreeBSD connect(2): stream sockets connect only once */
	emulated(E_CONNECT_AGAIN, FC_CONNECT, fd);
	return failed(EINVAL);
    }
    fd_update(fd, S_ROLE, R_CLIENT);
    fd_call(&call, FC_CONNECT, fd);
    call.quals = (call.quals & ~FQ_FAMILY)
	    | ((SA(addr) != NULL) ? family_qual(SA(addr)->sa_family) : 0);
    decide(&call, &d);
    if (d.act) {
	action = d.action;
	if (action == FA_DELAY) {
	    delay(d.value);
	} else if (action == FA_ERRNO && d.value != EINTR) {
	    if (connect_failure((int) d.value)) {
		fd_update(fd, 0, S_FAILED);
	    }
	    return failed((int) d.value);
	}
    }
    rc = next_connect(fd, addr, len);
    if (rc < 0) {
	err = errno;
	if (err == EINPROGRESS && action == FA_ERRNO) {
	    return failed(EINTR);
	}
	if (err == EINPROGRESS && action == FA_SYNC) {
	    rc = wait_connected(fd);
	    err = rc < 0 ? errno : 0;
	}
    }
    if (rc < 0 && connect_failure(err)) {
	fd_update(fd, 0, S_FAILED);
    }
    if (rc < 0) {
	errno = err;
    }
    return rc;
}

int
getsockname(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call;
    Decision d;

    NEXT(next_getsockname, "getsockname");
    fd_call(&call, FC_GETSOCKNAME, fd);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    return next_getsockname(fd, addr, lenPtr);
}

int
getpeername(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call;
    Decision d;

    NEXT(next_getpeername, "getpeername");
    fd_call(&call, FC_GETPEERNAME, fd);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    return next_getpeername(fd, addr, lenPtr);
}

/* The qualifier of a socket option, or 0. */
static unsigned
option_qual(int level, int name)
{
    if (level == SOL_SOCKET && name == SO_REUSEADDR) {
	return FQ_REUSEADDR;
    }
    if (level == SOL_SOCKET && name == SO_ERROR) {
	return FQ_ERROR;
    }
#ifdef IPV6_V6ONLY
    if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
	return FQ_V6ONLY;
    }
#endif
    return 0;
}

int
getsockopt(int fd, int level, int name, void *value, socklen_t *lenPtr)
{
    Call call;
    Decision d;
    int rc;

    NEXT(next_getsockopt, "getsockopt");
    fd_call(&call, FC_GETSOCKOPT, fd);
    call.quals |= option_qual(level, name);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    rc = next_getsockopt(fd, level, name, value, lenPtr);
    if (rc == 0 && level == SOL_SOCKET && name == SO_ERROR && value != NULL
	    && *(int *) value != 0 && (fd_state(fd) & S_ROLE) == R_CLIENT) {
	/* the outcome of a background connect: it failed */
	fd_update(fd, 0, S_FAILED);
    }
    return rc;
}

int
setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    Call call;
    Decision d;
    int rc;

    NEXT(next_setsockopt, "setsockopt");
    fd_call(&call, FC_SETSOCKOPT, fd);
    call.quals |= option_qual(level, name);
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return failed((int) d.value);
    }
    rc = next_setsockopt(fd, level, name, value, len);
#ifdef SO_REUSEPORT
    if (rc == 0 && level == SOL_SOCKET && name == SO_REUSEADDR
	    && value != NULL && len >= (socklen_t) sizeof(int)
	    && fd_state(fd) != 0 && personality_of() == P_WINDOWS) {
	/* Windows: SO_REUSEADDR on every socket lets them share a port */
	if (next_setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, value, len) == 0
		&& *(const int *) value != 0) {
	    emulated(E_REUSEADDR, FC_SETSOCKOPT, fd);
	}
    }
#endif
    return rc;
}

/*
 * fcntl: the commands sockets use take no argument or an int; every other
 * command's argument is a pointer.
 */
static int
fcntl_common(const char *symbol, int fd, int cmd, va_list ap)
{
    Call call;
    Decision d;
    int rc;

    NEXT(next_fcntl, symbol);
    fd_call(&call, FC_FCNTL, fd);
    switch (cmd) {
    case F_GETFL: call.quals |= FQ_GETFL; break;
    case F_SETFL: call.quals |= FQ_SETFL; break;
    case F_GETFD: call.quals |= FQ_GETFD; break;
    case F_SETFD: call.quals |= FQ_SETFD; break;
    default: break;
    }
    if (armed()) {
	decide(&call, &d);
	if (d.act && d.action == FA_DELAY) {
	    delay(d.value);
	} else if (d.act) {
	    return failed((int) d.value);
	}
    }
    switch (cmd) {
    case F_GETFL:
    case F_GETFD:
    case F_GETOWN:
	return next_fcntl(fd, cmd);
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
	rc = next_fcntl(fd, cmd, va_arg(ap, int));
	if (rc >= 0) {
	    fd_set_state(rc, fd_state(fd));
	}
	return rc;
    case F_SETFL:
    case F_SETFD:
    case F_SETOWN:
	return next_fcntl(fd, cmd, va_arg(ap, int));
    default:
	return next_fcntl(fd, cmd, va_arg(ap, void *));
    }
}

int
fcntl(int fd, int cmd, ...)
{
    va_list ap;
    int rc;

    va_start(ap, cmd);
    rc = fcntl_common("fcntl", fd, cmd, ap);
    va_end(ap);
    return rc;
}

int
poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    Call call;
    Decision d;

    NEXT(next_poll, "poll");
    if (armed()) {
	memset(&call, 0, sizeof call);
	call.call = FC_POLL;
	call.fd = -1;
	call.role = R_NOFD;
	decide(&call, &d);
	if (d.act && d.action == FA_DELAY) {
	    delay(d.value);
	} else if (d.act) {
	    return failed((int) d.value);
	}
    }
    return next_poll(fds, nfds, timeout);
}

/* What getaddrinfo returns for a rule's errno: EAI_SYSTEM with errno set. */
static int
resolver_failure(const Decision *d)
{
    if (d->action == FA_EAI) {
	return (int) d->value;
    }
    errno = (int) d->value;
    return EAI_SYSTEM;
}

int
getaddrinfo(const char *node, const char *service,
        const struct addrinfo *hints, struct addrinfo **res)
{
    Call call;
    Decision d;

    if (next_getaddrinfo == NULL) {
	void *sym = dlsym(RTLD_NEXT, "getaddrinfo");

	if (sym == NULL) {
	    return EAI_FAIL;
	}
	memcpy(&next_getaddrinfo, &sym, sizeof next_getaddrinfo);
    }
    memset(&call, 0, sizeof call);
    call.call = FC_GETADDRINFO;
    call.fd = -1;
    call.role = R_NOFD;
    if (hints != NULL && (hints->ai_flags & AI_PASSIVE)) {
	call.quals = FQ_PASSIVE;
    }
    decide(&call, &d);
    if (d.act && d.action == FA_DELAY) {
	delay(d.value);
    } else if (d.act) {
	return resolver_failure(&d);
    }
    return next_getaddrinfo(node, service, hints, res);
}

/* ------------------------------------------------------------- data path */

/*
 * Before a data call on fd: what to do. Returns 1 when the caller must
 * return *rcPtr at once (the call failed or the connection is broken), 0
 * when it makes the call with at most d->limit bytes.
 */
static int
data_before(int call, int fd, size_t len, int flags, Decision *d,
	ssize_t *rcPtr)
{
    unsigned v = fd_state(fd);
    Call c;

    memset(d, 0, sizeof *d);
    d->limit = SIZE_MAX;
    if ((v & S_ROLE) == R_NONE) {
	return 0;		/* a file, a pipe, an inherited socket */
    }
    if (v & S_BROKEN) {
	if (!FC_IS_OUTPUT(call)) {
	    *rcPtr = 0;
	    return 1;
	}
	if (call == FC_WRITE || call == FC_WRITEV || !(flags & MSG_NOSIGNAL)) {
	    raise(SIGPIPE);
	}
	errno = EPIPE;
	*rcPtr = -1;
	return 1;
    }
    memset(&c, 0, sizeof c);
    c.call = call;
    c.fd = fd;
    c.role = (int) (v & S_ROLE);
    c.len = len;
    c.nonblocking = (flags & MSG_DONTWAIT) ? 1 : -1;
    c.quals = ((v & S_INET6) ? FQ_INET6 : FQ_INET) | role_quals(c.role);
    decide(&c, d);
    if (!d->act || d->action == FA_SHORT) {
	return 0;
    }
    if (d->action == FA_DELAY) {
	delay(d->value);
	return 0;
    }
    if (d->value == ECONNRESET || d->value == EPIPE) {
	fd_update(fd, 0, S_BROKEN);
	NEXT(next_shutdown, "shutdown");
	(void) next_shutdown(fd, SHUT_RDWR);
	if (d->value == EPIPE && FC_IS_OUTPUT(call)
		&& (call == FC_WRITE || call == FC_WRITEV
		|| !(flags & MSG_NOSIGNAL))) {
	    raise(SIGPIPE);
	}
    }
    errno = (int) d->value;
    *rcPtr = -1;
    return 1;
}

/* A copy of iov cut to at most limit bytes in out; returns its count. */
static int
cut_iov(const struct iovec *iov, int cnt, size_t limit, struct iovec *out)
{
    int i, n = 0;

    for (i = 0; i < cnt && n < MAX_IOV && limit > 0; i++) {
	out[n] = iov[i];
	if (out[n].iov_len > limit) {
	    out[n].iov_len = limit;
	}
	limit -= out[n].iov_len;
	n++;
    }
    return n;
}

static size_t
iov_len(const struct iovec *iov, int cnt)
{
    size_t n = 0;
    int i;

    for (i = 0; i < cnt; i++) {
	n += iov[i].iov_len;
    }
    return n;
}

static size_t
cut(size_t len, const Decision *d)
{
    return len < d->limit ? len : d->limit;
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
    Decision d;
    ssize_t rc;

    NEXT(next_send, "send");
    if (data_before(FC_SEND, fd, len, flags, &d, &rc)) {
	return rc;
    }
    rc = next_send(fd, buf, cut(len, &d), flags);
    account(&d, rc);
    return rc;
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags,
	__CONST_SOCKADDR_ARG addr, socklen_t alen)
{
    Decision d;
    ssize_t rc;

    NEXT(next_sendto, "sendto");
    if (data_before(FC_SENDTO, fd, len, flags, &d, &rc)) {
	return rc;
    }
    rc = next_sendto(fd, buf, cut(len, &d), flags, addr, alen);
    account(&d, rc);
    return rc;
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
    Decision d;
    ssize_t rc;
    struct iovec iov[MAX_IOV];
    struct msghdr m;
    size_t len;

    NEXT(next_sendmsg, "sendmsg");
    len = (msg != NULL) ? iov_len(msg->msg_iov, (int) msg->msg_iovlen) : 0;
    if (data_before(FC_SENDMSG, fd, len, flags, &d, &rc)) {
	return rc;
    }
    if (d.limit < len) {
	m = *msg;
	m.msg_iov = iov;
	m.msg_iovlen = (size_t) cut_iov(msg->msg_iov, (int) msg->msg_iovlen,
		d.limit, iov);
	rc = next_sendmsg(fd, &m, flags);
    } else {
	rc = next_sendmsg(fd, msg, flags);
    }
    account(&d, rc);
    return rc;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
    Decision d;
    ssize_t rc;

    NEXT(next_write, "write");
    if (data_before(FC_WRITE, fd, len, 0, &d, &rc)) {
	return rc;
    }
    rc = next_write(fd, buf, cut(len, &d));
    account(&d, rc);
    return rc;
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
    Decision d;
    ssize_t rc;
    struct iovec cutIov[MAX_IOV];
    size_t len;

    NEXT(next_writev, "writev");
    len = iov_len(iov, cnt);
    if (data_before(FC_WRITEV, fd, len, 0, &d, &rc)) {
	return rc;
    }
    if (d.limit < len) {
	rc = next_writev(fd, cutIov, cut_iov(iov, cnt, d.limit, cutIov));
    } else {
	rc = next_writev(fd, iov, cnt);
    }
    account(&d, rc);
    return rc;
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
    Decision d;
    ssize_t rc;

    NEXT(next_recv, "recv");
    if (data_before(FC_RECV, fd, len, flags, &d, &rc)) {
	return rc;
    }
    rc = next_recv(fd, buf, cut(len, &d), flags);
    account(&d, rc);
    return rc;
}

ssize_t
recvfrom(int fd, void *buf, size_t len, int flags, __SOCKADDR_ARG addr,
	socklen_t *alenPtr)
{
    Decision d;
    ssize_t rc;

    NEXT(next_recvfrom, "recvfrom");
    if (data_before(FC_RECVFROM, fd, len, flags, &d, &rc)) {
	return rc;
    }
    rc = next_recvfrom(fd, buf, cut(len, &d), flags, addr, alenPtr);
    account(&d, rc);
    return rc;
}

ssize_t
recvmsg(int fd, struct msghdr *msg, int flags)
{
    Decision d;
    ssize_t rc;
    struct iovec iov[MAX_IOV], *saved;
    size_t len, savedLen;

    NEXT(next_recvmsg, "recvmsg");
    len = (msg != NULL) ? iov_len(msg->msg_iov, (int) msg->msg_iovlen) : 0;
    if (data_before(FC_RECVMSG, fd, len, flags, &d, &rc)) {
	return rc;
    }
    if (d.limit < len) {
	saved = msg->msg_iov;
	savedLen = msg->msg_iovlen;
	msg->msg_iovlen = (size_t) cut_iov(saved, (int) savedLen, d.limit, iov);
	msg->msg_iov = iov;
	rc = next_recvmsg(fd, msg, flags);
	msg->msg_iov = saved;
	msg->msg_iovlen = savedLen;
    } else {
	rc = next_recvmsg(fd, msg, flags);
    }
    account(&d, rc);
    return rc;
}

ssize_t
read(int fd, void *buf, size_t len)
{
    Decision d;
    ssize_t rc;

    NEXT(next_read, "read");
    if (data_before(FC_READ, fd, len, 0, &d, &rc)) {
	return rc;
    }
    rc = next_read(fd, buf, cut(len, &d));
    account(&d, rc);
    return rc;
}

ssize_t
readv(int fd, const struct iovec *iov, int cnt)
{
    Decision d;
    ssize_t rc;
    struct iovec cutIov[MAX_IOV];
    size_t len;

    NEXT(next_readv, "readv");
    len = iov_len(iov, cnt);
    if (data_before(FC_READV, fd, len, 0, &d, &rc)) {
	return rc;
    }
    if (d.limit < len) {
	rc = next_readv(fd, cutIov, cut_iov(iov, cnt, d.limit, cutIov));
    } else {
	rc = next_readv(fd, iov, cnt);
    }
    account(&d, rc);
    return rc;
}

/* ------------------------------------------- descriptors coming and going */

int
close(int fd)
{
    NEXT(next_close, "close");
    fd_set_state(fd, 0);
    return next_close(fd);
}

int
dup(int fd)
{
    int nfd;

    NEXT(next_dup, "dup");
    nfd = next_dup(fd);
    if (nfd >= 0) {
	fd_set_state(nfd, fd_state(fd));
    }
    return nfd;
}

int
dup2(int fd, int nfd)
{
    int rc;

    NEXT(next_dup2, "dup2");
    rc = next_dup2(fd, nfd);
    if (rc >= 0 && fd != nfd) {
	fd_set_state(rc, fd_state(fd));
    }
    return rc;
}

int
dup3(int fd, int nfd, int flags)
{
    int rc;

    NEXT(next_dup3, "dup3");
    rc = next_dup3(fd, nfd, flags);
    if (rc >= 0) {
	fd_set_state(rc, fd_state(fd));
    }
    return rc;
}
