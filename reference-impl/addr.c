/*
 * addr.c --
 *
 *	Name resolution and address formatting for refsock: getaddrinfo with
 *	the ordering servers need, resolver errors turned into errno values
 *	or texts, address triples for -sockname/-peername, and creation of
 *	descriptors with the flags every refsock socket wants.
 */

#include "refsock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#define RS_SERVLEN	32	/* Room for a decimal port. */

/*
 *----------------------------------------------------------------------
 *
 * RsResolve --
 *
 *	Resolves host (NULL for the wildcard address) and a numeric port to
 *	a list of TCP addresses of any family. [client.host.name]
 *	[client.host.numeric-ipv4] [client.host.numeric-ipv6]
 *	[client.host.localhost] With passive set the list is
 *	meant for listening: IPv4 addresses are moved before the others,
 *	keeping the resolver's order within each family, because tclsh8.6
 *	lists a server's addresses in that order.
 *
 * Results:
 *	0 with *resultPtr set (free it with freeaddrinfo); a positive errno
 *	for a system error; RS_ERR_MESSAGE with *msgPtr set to the
 *	resolver's text for any other resolver error.
 *
 * Side effects:
 *	May consult the resolver (hosts file, DNS).
 *
 *----------------------------------------------------------------------
 */

int
RsResolve(
    const char *host,
    int port,
    int passive,
    struct addrinfo **resultPtr,
    const char **msgPtr)
{
    struct addrinfo hints, *list, *p, *next;
    struct addrinfo *v4 = NULL, **v4Tail = &v4;
    struct addrinfo *other = NULL, **otherTail = &other;
    char service[RS_SERVLEN];
    int eai;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (passive) {
	hints.ai_flags = AI_PASSIVE;
    }

    /*
     * The port goes to the resolver as decimal text, so a negative port is
     * rejected by the resolver itself, as on tclsh8.6.
     */

    snprintf(service, sizeof(service), "%d", port);
    eai = getaddrinfo(host, service, &hints, &list);
    if (eai != 0) {
	if (eai == EAI_SYSTEM) {
	    return errno ? errno : EINVAL;
	}
	*msgPtr = gai_strerror(eai);
	return RS_ERR_MESSAGE;
    }
    if (passive) {
	for (p = list; p != NULL; p = next) {
	    next = p->ai_next;
	    p->ai_next = NULL;
	    if (p->ai_family == AF_INET) {
		*v4Tail = p;
		v4Tail = &p->ai_next;
	    } else {
		*otherTail = p;
		otherTail = &p->ai_next;
	    }
	}
	*v4Tail = other;
	list = v4;
    }
    *resultPtr = list;
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * RsNumericAddress --
 *
 *	Converts a socket address to numeric host text and a port number.
 *
 * Results:
 *	0 on success, else a positive errno (EINVAL for an address the
 *	resolver cannot print).
 *
 * Side effects:
 *	Fills host and *portPtr.
 *
 *----------------------------------------------------------------------
 */

int
RsNumericAddress(
    const struct sockaddr *addr,
    socklen_t len,
    char *host,
    size_t hostLen,
    int *portPtr)
{
    char service[RS_SERVLEN];

    if (getnameinfo(addr, len, host, hostLen, service, sizeof(service),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
	return EINVAL;
    }
    *portPtr = atoi(service);
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * RsAppendAddress --
 *
 *	Appends the triple {address hostname port} describing addr as three
 *	list elements. The host name comes from a reverse lookup; when there
 *	is none the address is repeated. [option.sockname.client-triple]
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Appends to *dsPtr; may consult the resolver.
 *
 *----------------------------------------------------------------------
 */

void
RsAppendAddress(
    const struct sockaddr *addr,
    socklen_t len,
    Tcl_DString *dsPtr)
{
    char host[RS_HOSTLEN], name[RS_HOSTLEN], portText[RS_SERVLEN];
    int port;

    if (RsNumericAddress(addr, len, host, sizeof(host), &port) != 0) {
	host[0] = '\0';
	port = 0;
    }
    if (getnameinfo(addr, len, name, sizeof(name), NULL, 0,
	    NI_NAMEREQD) != 0) {
	/*
	 * [option.sockname.hostname-fallback]
	 * [option.peername.hostname-fallback]
	 */

	strcpy(name, host);
    }
    snprintf(portText, sizeof(portText), "%d", port);
    Tcl_DStringAppendElement(dsPtr, host);
    Tcl_DStringAppendElement(dsPtr, name);
    Tcl_DStringAppendElement(dsPtr, portText);
}

/*
 *----------------------------------------------------------------------
 *
 * RsSetBlocking --
 *
 *	Switches a descriptor between blocking and non-blocking mode.
 *
 * Results:
 *	0 on success, else a positive errno.
 *
 * Side effects:
 *	Changes the descriptor's O_NONBLOCK flag.
 *
 *----------------------------------------------------------------------
 */

int
RsSetBlocking(
    int fd,
    int blocking)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0) {
	return errno;
    }
    flags = blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
    if (fcntl(fd, F_SETFL, flags) < 0) {
	return errno;
    }
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * RsNewSocketFd --
 *
 *	Creates a non-blocking, close-on-exec TCP socket of the given family.
 *	Uses SOCK_NONBLOCK|SOCK_CLOEXEC where the system has them and falls
 *	back to fcntl where the kernel rejects the flags.
 *
 * Results:
 *	0 with *fdPtr set, else a positive errno (no descriptor is left
 *	open).
 *
 * Side effects:
 *	Opens a descriptor.
 *
 *----------------------------------------------------------------------
 */

int
RsNewSocketFd(
    int family,
    int *fdPtr)
{
    int fd, err;

#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
	*fdPtr = fd;
	return 0;
    }
    if (errno != EINVAL) {
	return errno;
    }
#endif
    fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) {
	return errno;
    }
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
	err = errno;
	close(fd);
	return err;
    }
    err = RsSetBlocking(fd, 0);
    if (err != 0) {
	close(fd);
	return err;
    }
    *fdPtr = fd;
    return 0;
}
