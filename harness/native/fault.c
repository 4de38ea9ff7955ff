/*
 * fault.c -- LD_PRELOAD shim of sockconf's network profiles.
 *
 * Makes socket(2) fail with EAFNOSUPPORT for the address families named in
 * the environment variable SOCKCONF_FAULT_DENY_FAMILY, a comma- or
 * space-separated list of "inet" (AF_INET) and "inet6" (AF_INET6). This lets
 * profile v4only look like a host whose kernel has no IPv6 at all (disabling
 * IPv6 with sysctl still lets AF_INET6 sockets bind "::"), and profile v6only
 * like a host without IPv4.
 *
 * Only socket() is wrapped; glibc's internal socket calls (getaddrinfo's
 * address sorting, for one) do not go through the PLT and are unaffected.
 * Everything else is passed through unchanged. An unknown word in the
 * variable is ignored, an unset or empty variable denies nothing.
 */

#define _GNU_SOURCE 1   /* RTLD_NEXT */

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*socket_fn)(int, int, int);

static socket_fn next_socket;

/* Is FAMILY named in SOCKCONF_FAULT_DENY_FAMILY? Read on every call, so a
 * process that changes its environment sees the change. */
static int
denied(int family)
{
    const char *list = getenv("SOCKCONF_FAULT_DENY_FAMILY");
    const char *want;
    size_t len;

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
    len = strlen(want);
    while (*list != '\0') {
        size_t n = strcspn(list, ", \t");

        if (n == len && strncmp(list, want, len) == 0) {
            return 1;
        }
        list += n;
        list += strspn(list, ", \t");
    }
    return 0;
}

int
socket(int domain, int type, int protocol)
{
    if (denied(domain)) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    if (next_socket == NULL) {
        /* POSIX allows no cast between function and object pointers in
         * standard C; the memcpy is the portable way to convert dlsym's. */
        void *sym = dlsym(RTLD_NEXT, "socket");

        if (sym == NULL) {
            errno = ENOSYS;
            return -1;
        }
        memcpy(&next_socket, &sym, sizeof next_socket);
    }
    return next_socket(domain, type, protocol);
}
