/*
 * fault.c -- LD_PRELOAD fault shim of sockconf's network profiles and fault
 * cases.
 *
 * Two environment variables, both read on every call, so a process that
 * changes its environment (a case setting ::env(...)) sees the change at once:
 *
 * SOCKCONF_FAULT_DENY_FAMILY
 *	A comma- or space-separated list of "inet" (AF_INET) and "inet6"
 *	(AF_INET6): socket(2) of those families fails with EAFNOSUPPORT. This
 *	lets profile v4only look like a host whose kernel has no IPv6 at all
 *	(disabling IPv6 with sysctl still lets AF_INET6 sockets bind "::"), and
 *	profile v6only like a host without IPv4.
 *
 * SOCKCONF_FAULT_FAIL
 *	A comma- or space-separated list of rules CALL[/QUALIFIER]:ERROR[:COUNT]
 *	that make system calls fail the way a real system can make them fail,
 *	so that cases reach error paths no healthy loopback takes:
 *
 *	  CALL       socket bind listen accept accept4 connect getsockname
 *	             getpeername getsockopt setsockopt fcntl poll getaddrinfo
 *	  QUALIFIER  (optional) the rule applies only to calls that match it:
 *	             inet, inet6     the address family of the socket (socket,
 *	                             bind, connect: of the argument; the other
 *	                             descriptor calls: of the descriptor)
 *	             flags           socket() with SOCK_NONBLOCK or SOCK_CLOEXEC
 *	                             in its type, as kernels before Linux 2.6.27
 *	                             reject with EINVAL
 *	             reuseaddr, v6only, error
 *	                             getsockopt/setsockopt of SO_REUSEADDR,
 *	                             IPV6_V6ONLY, SO_ERROR
 *	             getfl, setfl, getfd, setfd
 *	                             fcntl of F_GETFL, F_SETFL, F_GETFD, F_SETFD
 *	             passive         getaddrinfo with AI_PASSIVE in its hints
 *	  ERROR      an errno name (EMFILE, EINVAL, ...; table below): the call
 *	             returns -1 with that errno and does nothing. getaddrinfo
 *	             returns EAI_SYSTEM with errno set, or the EAI_ code named
 *	             (EAI_AGAIN, EAI_FAIL, EAI_MEMORY, EAI_NONAME).
 *	             Two words keep the call's real work, as the system would:
 *	             connect:EINTR   the connect is made, and one that would be
 *	                             in progress (EINPROGRESS) is reported as
 *	                             interrupted; it goes on in the background,
 *	                             as POSIX specifies for an interrupted
 *	                             connect
 *	             connect:SYNC    the connect is made and waited for, so it
 *	                             returns 0 (or its error) at once, as
 *	                             kernels that finish loopback connects
 *	                             within the call do
 *	  COUNT      (optional) how many matching calls the rule fails; spent
 *	             rules let calls through. Counts start again when a call
 *	             finds another value than the call before it did (an unset
 *	             or empty variable counts as a value of its own).
 *
 *	The first rule that matches a call (and is not spent) decides. A
 *	malformed rule or an unknown word never matches; an unset or empty
 *	variable fails nothing.
 *
 * Only calls through the dynamic linker are seen: glibc's internal socket
 * calls (getaddrinfo's address sorting, for one) do not go through the PLT
 * and are unaffected. Everything else is passed through unchanged.
 */

#define _GNU_SOURCE 1   /* RTLD_NEXT, accept4 */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * With _GNU_SOURCE glibc declares the address arguments of the socket calls
 * as transparent unions; the definitions below must use the same types.
 */

#ifdef __SOCKADDR_ALLTYPES
#define SA(arg)  ((arg).__sockaddr__)
#else
#define SA(arg)  (arg)
#endif

#define MAX_RULES 32
#define SPEC_MAX 1024

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

static const struct { const char *name; int value; } errnos[] = {
    {"EACCES", EACCES}, {"EADDRINUSE", EADDRINUSE},
    {"EADDRNOTAVAIL", EADDRNOTAVAIL}, {"EAFNOSUPPORT", EAFNOSUPPORT},
    {"EAGAIN", EAGAIN}, {"EBADF", EBADF}, {"ECONNABORTED", ECONNABORTED},
    {"ECONNREFUSED", ECONNREFUSED}, {"ECONNRESET", ECONNRESET},
    {"EHOSTUNREACH", EHOSTUNREACH}, {"EINTR", EINTR}, {"EINVAL", EINVAL},
    {"EMFILE", EMFILE}, {"ENETUNREACH", ENETUNREACH}, {"ENFILE", ENFILE},
    {"ENOBUFS", ENOBUFS}, {"ENOMEM", ENOMEM}, {"ENOPROTOOPT", ENOPROTOOPT},
    {"ENOSYS", ENOSYS}, {"ENOTCONN", ENOTCONN}, {"ENOTSOCK", ENOTSOCK},
    {"EOPNOTSUPP", EOPNOTSUPP}, {"EPERM", EPERM},
    {"EPROTONOSUPPORT", EPROTONOSUPPORT}, {"ETIMEDOUT", ETIMEDOUT},
};

static const struct { const char *name; int value; } eais[] = {
    {"EAI_AGAIN", EAI_AGAIN}, {"EAI_FAIL", EAI_FAIL},
    {"EAI_MEMORY", EAI_MEMORY}, {"EAI_NONAME", EAI_NONAME},
};

#define FAULT_SYNC (-1)	/* connect:SYNC; errno values are positive. */

/*
 * What a call offers the rules to match: its name, and up to two qualifier
 * words it answers to (NULL when none).
 */

typedef struct Call {
    const char *name;
    const char *qual[2];
} Call;

/* Rules of the value seen last, and how many calls each has failed. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char seen[SPEC_MAX];
static unsigned long used[MAX_RULES];

/* Is the word of length n at s equal to the string want? */
static int
word_is(const char *s, size_t n, const char *want)
{
    return want != NULL && strlen(want) == n && strncmp(s, want, n) == 0;
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

        if (word_is(list, n, want)) {
            return 1;
        }
        list += n;
        list += strspn(list, ", \t");
    }
    return 0;
}

/* The errno (or, for getaddrinfo, EAI_ code) a rule's ERROR word names;
 * 0 for an unknown word. */
static int
error_value(const Call *call, const char *s, size_t n)
{
    size_t i;

    if (strcmp(call->name, "connect") == 0 && word_is(s, n, "SYNC")) {
        return FAULT_SYNC;
    }
    if (strcmp(call->name, "getaddrinfo") == 0) {
        for (i = 0; i < sizeof eais / sizeof eais[0]; i++) {
            if (word_is(s, n, eais[i].name)) {
                return eais[i].value;
            }
        }
    }
    for (i = 0; i < sizeof errnos / sizeof errnos[0]; i++) {
        if (word_is(s, n, errnos[i].name)) {
            return errnos[i].value;
        }
    }
    return 0;
}

/*
 * Does one rule (n characters at r) match CALL? Sets *valuePtr to its
 * ERROR and *countPtr to its COUNT (0 for no limit).
 */
static int
rule_matches(const Call *call, const char *r, size_t n, int *valuePtr,
        unsigned long *countPtr)
{
    const char *end = r + n, *colon, *slash, *count;
    size_t len;

    colon = memchr(r, ':', n);
    if (colon == NULL) {
        return 0;
    }
    slash = memchr(r, '/', (size_t) (colon - r));
    len = (size_t) ((slash != NULL ? slash : colon) - r);
    if (!word_is(r, len, call->name)) {
        return 0;
    }
    if (slash != NULL) {
        len = (size_t) (colon - slash - 1);
        if (!word_is(slash + 1, len, call->qual[0])
                && !word_is(slash + 1, len, call->qual[1])) {
            return 0;
        }
    }
    count = memchr(colon + 1, ':', (size_t) (end - colon - 1));
    len = (size_t) ((count != NULL ? count : end) - colon - 1);
    *valuePtr = error_value(call, colon + 1, len);
    if (*valuePtr == 0) {
        return 0;
    }
    *countPtr = 0;
    if (count != NULL) {
        const char *p;

        if (count + 1 == end) {
            return 0;
        }
        for (p = count + 1; p < end; p++) {
            if (*p < '0' || *p > '9') {
                return 0;
            }
            *countPtr = *countPtr * 10 + (unsigned long) (*p - '0');
        }
        if (*countPtr == 0) {
            return 0;
        }
    }
    return 1;
}

/*
 * Should CALL fail? Returns 0 (no), or the ERROR value of the first rule of
 * SOCKCONF_FAULT_FAIL that matches and is not spent (counting the call
 * against it).
 */
static int
fault(const Call *call)
{
    const char *spec = getenv("SOCKCONF_FAULT_FAIL");
    const char *p;
    int index = 0, result = 0;

    if (spec == NULL || *spec == '\0' || strlen(spec) >= SPEC_MAX) {
        if (seen[0] != '\0') {
            pthread_mutex_lock(&lock);
            seen[0] = '\0';
            pthread_mutex_unlock(&lock);
        }
        return 0;
    }
    pthread_mutex_lock(&lock);
    if (strcmp(spec, seen) != 0) {
        strcpy(seen, spec);
        memset(used, 0, sizeof used);
    }
    for (p = spec + strspn(spec, ", \t"); *p != '\0' && index < MAX_RULES;
            index++) {
        size_t n = strcspn(p, ", \t");
        unsigned long count;
        int value;

        if (rule_matches(call, p, n, &value, &count)
                && (count == 0 || used[index] < count)) {
            used[index]++;
            result = value;
            break;
        }
        p += n;
        p += strspn(p, ", \t");
    }
    pthread_mutex_unlock(&lock);
    return result;
}

static const char *
family_word(int family)
{
    return family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : NULL;
}

/* The family word of a descriptor's socket, or NULL. */
static const char *
fd_family(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    __SOCKADDR_ARG arg;

    SA(arg) = (struct sockaddr *) &ss;
    if (next_getsockname == NULL) {
        void *sym = dlsym(RTLD_NEXT, "getsockname");

        if (sym == NULL) {
            return NULL;
        }
        memcpy(&next_getsockname, &sym, sizeof next_getsockname);
    }
    if (next_getsockname(fd, arg, &len) < 0) {
        return NULL;
    }
    return family_word(ss.ss_family);
}

/* Is any rule set? Calls skip the qualifier look-ups otherwise. */
static int
armed(void)
{
    const char *spec = getenv("SOCKCONF_FAULT_FAIL");

    return spec != NULL && *spec != '\0';
}

/* Fail the call with errno err. */
static int
failed(int err)
{
    errno = err;
    return -1;
}

int
socket(int domain, int type, int protocol)
{
    Call call = {"socket", {NULL, NULL}};
    int err;

    if (denied(domain)) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    NEXT(next_socket, "socket");
    call.qual[0] = family_word(domain);
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    if (type & (SOCK_NONBLOCK | SOCK_CLOEXEC)) {
        call.qual[1] = "flags";
    }
#endif
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_socket(domain, type, protocol);
}

int
bind(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
    Call call = {"bind", {NULL, NULL}};
    int err;

    NEXT(next_bind, "bind");
    call.qual[0] = (SA(addr) != NULL) ? family_word(SA(addr)->sa_family) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_bind(fd, addr, len);
}

int
listen(int fd, int backlog)
{
    Call call = {"listen", {NULL, NULL}};
    int err;

    NEXT(next_listen, "listen");
    call.qual[0] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_listen(fd, backlog);
}

int
accept(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call = {"accept", {NULL, NULL}};
    int err;

    NEXT(next_accept, "accept");
    call.qual[0] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_accept(fd, addr, lenPtr);
}

int
accept4(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr, int flags)
{
    Call call = {"accept4", {NULL, NULL}};
    int err;

    NEXT(next_accept4, "accept4");
    call.qual[0] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_accept4(fd, addr, lenPtr, flags);
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

int
connect(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
    Call call = {"connect", {NULL, NULL}};
    int err, rc;

    NEXT(next_connect, "connect");
    call.qual[0] = (SA(addr) != NULL) ? family_word(SA(addr)->sa_family) : NULL;
    err = fault(&call);
    if (err != 0 && err != EINTR && err != FAULT_SYNC) {
        return failed(err);
    }
    rc = next_connect(fd, addr, len);
    if (rc < 0 && errno == EINPROGRESS) {
        if (err == EINTR) {
            return failed(EINTR);
        }
        if (err == FAULT_SYNC) {
            return wait_connected(fd);
        }
    }
    return rc;
}

int
getsockname(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call = {"getsockname", {NULL, NULL}};
    int err;

    NEXT(next_getsockname, "getsockname");
    call.qual[0] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_getsockname(fd, addr, lenPtr);
}

int
getpeername(int fd, __SOCKADDR_ARG addr, socklen_t *lenPtr)
{
    Call call = {"getpeername", {NULL, NULL}};
    int err;

    NEXT(next_getpeername, "getpeername");
    call.qual[0] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_getpeername(fd, addr, lenPtr);
}

/* The qualifier word of a socket option, or NULL. */
static const char *
option_word(int level, int name)
{
    if (level == SOL_SOCKET && name == SO_REUSEADDR) {
        return "reuseaddr";
    }
    if (level == SOL_SOCKET && name == SO_ERROR) {
        return "error";
    }
#ifdef IPV6_V6ONLY
    if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
        return "v6only";
    }
#endif
    return NULL;
}

int
getsockopt(int fd, int level, int name, void *value, socklen_t *lenPtr)
{
    Call call = {"getsockopt", {NULL, NULL}};
    int err;

    NEXT(next_getsockopt, "getsockopt");
    call.qual[0] = option_word(level, name);
    call.qual[1] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_getsockopt(fd, level, name, value, lenPtr);
}

int
setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    Call call = {"setsockopt", {NULL, NULL}};
    int err;

    NEXT(next_setsockopt, "setsockopt");
    call.qual[0] = option_word(level, name);
    call.qual[1] = armed() ? fd_family(fd) : NULL;
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_setsockopt(fd, level, name, value, len);
}

/*
 * fcntl: the commands sockets use take no argument or an int; every other
 * command's argument is a pointer.
 */
static int
fcntl_common(const char *symbol, int fd, int cmd, va_list ap)
{
    Call call = {"fcntl", {NULL, NULL}};
    int err;

    NEXT(next_fcntl, symbol);
    switch (cmd) {
    case F_GETFL: call.qual[0] = "getfl"; break;
    case F_SETFL: call.qual[0] = "setfl"; break;
    case F_GETFD: call.qual[0] = "getfd"; break;
    case F_SETFD: call.qual[0] = "setfd"; break;
    default: break;
    }
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    switch (cmd) {
    case F_GETFL:
    case F_GETFD:
    case F_GETOWN:
        return next_fcntl(fd, cmd);
    case F_SETFL:
    case F_SETFD:
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
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
    Call call = {"poll", {NULL, NULL}};
    int err;

    NEXT(next_poll, "poll");
    err = fault(&call);
    if (err != 0) {
        return failed(err);
    }
    return next_poll(fds, nfds, timeout);
}

/* What getaddrinfo returns for a rule's ERROR value: an EAI_ code as it is,
 * an errno as EAI_SYSTEM with errno set. */
static int
resolver_failure(int value)
{
    size_t i;

    for (i = 0; i < sizeof eais / sizeof eais[0]; i++) {
        if (eais[i].value == value) {
            return value;
        }
    }
    errno = value;
    return EAI_SYSTEM;
}

int
getaddrinfo(const char *node, const char *service,
        const struct addrinfo *hints, struct addrinfo **res)
{
    Call call = {"getaddrinfo", {NULL, NULL}};
    int value;

    if (next_getaddrinfo == NULL) {
        void *sym = dlsym(RTLD_NEXT, "getaddrinfo");

        if (sym == NULL) {
            return EAI_FAIL;
        }
        memcpy(&next_getaddrinfo, &sym, sizeof next_getaddrinfo);
    }
    if (hints != NULL && (hints->ai_flags & AI_PASSIVE)) {
        call.qual[0] = "passive";
    }
    value = fault(&call);
    if (value == 0) {
        return next_getaddrinfo(node, service, hints, res);
    }
    return resolver_failure(value);
}
