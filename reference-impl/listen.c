/*
 * listen.c --
 *
 *	Server sockets: one listening descriptor per local address (both
 *	families when no -myaddr is given, every local address when -myaddr
 *	names several), a single port shared by all of them when port 0 is
 *	asked for, and accepting connections from the event loop.
 */

#define _GNU_SOURCE 1		/* accept4, where the C library has it. */

#include "refsock.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#define RS_PORT_ZERO_TRIES	8	/* Fresh ports to try when the one
					 * the first family got is taken in
					 * another family. */
#define RS_ACCEPT_PAUSE_MS	100	/* How long a listener is not watched
					 * after accept failed for want of
					 * descriptors or memory. */

/*
 * How far a listen attempt got; the furthest one's error is reported when
 * no address could be listened on.
 */

enum {
    RS_LSTAGE_SOCKET = 1,
    RS_LSTAGE_OPTION,
    RS_LSTAGE_BIND,
    RS_LSTAGE_LISTEN
};

/*
 *----------------------------------------------------------------------
 *
 * ListenWith --
 *
 *	Opens a non-blocking descriptor listening on one address; port, when
 *	not 0, replaces the address's port. IPv6 descriptors are made
 *	IPv6-only so that an IPv4 descriptor can share the port. With reuse,
 *	SO_REUSEADDR lets a restarted server take its port back while old
 *	connections linger in TIME_WAIT.
 *
 * Results:
 *	0 with *fdPtr set, else a positive errno with *stagePtr telling how
 *	far the attempt got (no descriptor is left open).
 *
 * Side effects:
 *	Opens, binds and listens on a descriptor.
 *
 *----------------------------------------------------------------------
 */

static int
ListenWith(
    const struct addrinfo *ai,
    int port,
    int reuse,
    int *fdPtr,
    int *stagePtr)
{
    struct sockaddr_storage ss;
    int fd, err, on = 1;

    memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
    if (port != 0 && ai->ai_family == AF_INET) {
	((struct sockaddr_in *) &ss)->sin_port = htons((unsigned short) port);
    } else if (port != 0 && ai->ai_family == AF_INET6) {
	((struct sockaddr_in6 *) &ss)->sin6_port =
		htons((unsigned short) port);
    }
    *stagePtr = RS_LSTAGE_SOCKET;
    err = RsNewSocketFd(ai->ai_family, &fd);
    if (err != 0) {
	return err;
    }
    *stagePtr = RS_LSTAGE_OPTION;
    if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) < 0) {
	goto error;
    }
#ifdef IPV6_V6ONLY
    /* [server.dual-stack] */
    if (ai->ai_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &on, sizeof(on)) < 0) {
	goto error;
    }
#endif
    *stagePtr = RS_LSTAGE_BIND;		/* [args.address-in-use] */
    if (bind(fd, (struct sockaddr *) &ss, ai->ai_addrlen) < 0) {
	goto error;
    }
    *stagePtr = RS_LSTAGE_LISTEN;
    if (listen(fd, SOMAXCONN) < 0) {
	goto error;
    }
    *fdPtr = fd;
    return 0;

  error:
    err = errno;
    close(fd);
    return err;
}

/*
 *----------------------------------------------------------------------
 *
 * PortShared --
 *
 *	Can another socket that sets SO_REUSEADDR bind the address a
 *	listening descriptor is bound to? Never on POSIX systems, where the
 *	option only lets a port be taken back from connections in TIME_WAIT;
 *	yes with Winsock's SO_REUSEADDR, which lets every socket that sets it
 *	share a port, listening ones too.
 *
 * Results:
 *	1 if it can, else 0.
 *
 * Side effects:
 *	Opens and closes a descriptor.
 *
 *----------------------------------------------------------------------
 */

static int
PortShared(
    int listenFd,
    int family)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int fd, shared, on = 1;

    if (getsockname(listenFd, (struct sockaddr *) &ss, &len) < 0
	    || RsNewSocketFd(family, &fd) != 0) {
	return 0;
    }
    shared = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0
	    && bind(fd, (struct sockaddr *) &ss, len) == 0;
    close(fd);
    return shared;
}

/*
 *----------------------------------------------------------------------
 *
 * ListenOne --
 *
 *	Listens on one address (ListenWith), with SO_REUSEADDR where the
 *	system's SO_REUSEADDR cannot let another socket take the port over:
 *	where it can, the listener is made again without it, on the same
 *	port, so that a second server on the port fails as it does
 *	everywhere else. [server.listen.busy-port-error]
 *
 * Results:
 *	As ListenWith.
 *
 * Side effects:
 *	Opens, binds and listens on a descriptor; may open and close two
 *	more.
 *
 *----------------------------------------------------------------------
 */

static int
ListenOne(
    const struct addrinfo *ai,
    int port,
    int *fdPtr,
    int *stagePtr)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[RS_HOSTLEN];
    int err = ListenWith(ai, port, 1, fdPtr, stagePtr);

    if (err != 0 || !PortShared(*fdPtr, ai->ai_family)) {
	return err;
    }
    if (getsockname(*fdPtr, (struct sockaddr *) &ss, &len) == 0) {
	(void) RsNumericAddress((struct sockaddr *) &ss, len, host,
		sizeof(host), &port);
    }
    close(*fdPtr);
    *fdPtr = -1;
    return ListenWith(ai, port, 0, fdPtr, stagePtr);
}

/*
 *----------------------------------------------------------------------
 *
 * ListenAll --
 *
 *	Listens on every address of list that allows it. With port 0 the
 *	first descriptor gets a port from the system and every other address
 *	is bound to that same port. [server.port-zero.shared]
 *
 * Results:
 *	0 if at least one address is listened on; else the error of the
 *	attempt that got furthest. *retryPtr is set when a port chosen by
 *	the system turned out to be taken in another family, so the caller
 *	should start over.
 *
 * Side effects:
 *	Fills sockPtr->listeners.
 *
 *----------------------------------------------------------------------
 */

static int
ListenAll(
    RsSocket *sockPtr,
    const struct addrinfo *list,
    int port,
    int *retryPtr)
{
    const struct addrinfo *ai;
    int systemPort = 0, bestStage = 0, bestError = 0, stage, err, fd = -1;

    *retryPtr = 0;
    /* [server.myaddr.multi-address] */
    for (ai = list; ai != NULL; ai = ai->ai_next) {
	err = ListenOne(ai, port, &fd, &stage);
	if (err != 0) {
	    if (err == EADDRINUSE && systemPort) {
		*retryPtr = 1;
		return err;
	    }
	    if (stage >= bestStage) {
		bestStage = stage;
		bestError = err;
	    }
	    continue;
	}
	sockPtr->listeners[sockPtr->numListeners].sockPtr = sockPtr;
	sockPtr->listeners[sockPtr->numListeners].fd = fd;
	sockPtr->listeners[sockPtr->numListeners].resume = NULL;
	sockPtr->numListeners++;
	if (port == 0) {
	    struct sockaddr_storage ss;
	    socklen_t len = sizeof(ss);
	    char host[RS_HOSTLEN];

	    /* [server.port-zero.allocates] [server.port-zero.sockname] */
	    if (getsockname(fd, (struct sockaddr *) &ss, &len) == 0
		    && RsNumericAddress((struct sockaddr *) &ss, len, host,
		    sizeof(host), &port) == 0) {
		systemPort = 1;
	    }
	}
    }
    /* [server.bind.partial-success] */
    return (sockPtr->numListeners > 0) ? 0 : bestError;
}

/*
 *----------------------------------------------------------------------
 *
 * RsListenOpen --
 *
 *	Opens a server socket on port, on the addresses of myaddr or, with
 *	myaddr NULL, on the wildcard address of every family the host
 *	supports. [server.dual-stack] [server.myaddr.wildcard]
 *	[server.myaddr.numeric] [server.myaddr.name]
 *	[server.myaddr.missing-family-error]
 *
 * Results:
 *	0 with *sockPtrPtr set to a new socket record (no channel, no
 *	callback yet); else a positive errno or RS_ERR_MESSAGE with *msgPtr
 *	set.
 *
 * Side effects:
 *	Resolves names, opens listening descriptors.
 *
 *----------------------------------------------------------------------
 */

int
RsListenOpen(
    const char *myaddr,
    int port,
    RsSocket **sockPtrPtr,
    const char **msgPtr)
{
    struct addrinfo *list, *ai;
    RsSocket *sockPtr;
    int count = 0, tries, err, retry;

    err = RsResolve(myaddr, port, 1, &list, msgPtr);
    if (err != 0) {
	return err;
    }
    for (ai = list; ai != NULL; ai = ai->ai_next) {
	count++;
    }
    for (tries = 0; ; tries++) {
	sockPtr = RsSocketNew();
	sockPtr->listeners = (RsListener *) ckalloc(count * sizeof(RsListener));
	err = ListenAll(sockPtr, list, port, &retry);
	if (err == 0) {
	    break;
	}
	RsSocketFree(sockPtr);
	if (!retry || tries + 1 >= RS_PORT_ZERO_TRIES) {
	    freeaddrinfo(list);
	    return err;
	}
    }
    freeaddrinfo(list);
    *sockPtrPtr = sockPtr;
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * AcceptFd --
 *
 *	Accepts one connection on a listening descriptor as a blocking,
 *	close-on-exec descriptor. With accept4 the flags come with the call,
 *	saving three fcntl calls per connection; without it (or where the
 *	kernel refuses it) fcntl sets them, since some systems let the
 *	accepted descriptor inherit O_NONBLOCK and the new channel starts in
 *	blocking mode.
 *
 * Results:
 *	The new descriptor, or -1 with errno set.
 *
 * Side effects:
 *	Takes a connection from the listen queue.
 *
 *----------------------------------------------------------------------
 */

static int
AcceptFd(
    int listenFd,
    struct sockaddr *addr,
    socklen_t *lenPtr)
{
    int fd, err;

#ifdef SOCK_CLOEXEC
    do {
	fd = accept4(listenFd, addr, lenPtr, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0 || (errno != ENOSYS && errno != EINVAL)) {
	return fd;
    }
#endif
    do {
	fd = accept(listenFd, addr, lenPtr);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
	err = errno;
	close(fd);
	errno = err;
	return -1;
    }
    if (fd >= 0 && (err = RsSetBlocking(fd, 1)) != 0) {
	close(fd);
	errno = err;
	return -1;
    }
    return fd;
}

static void	AcceptReady(ClientData clientData, int mask);

/*
 *----------------------------------------------------------------------
 *
 * AcceptResume --
 *
 *	Timer handler of a paused listener: watches its descriptor again.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Creates the listener's file handler.
 *
 *----------------------------------------------------------------------
 */

static void
AcceptResume(
    ClientData clientData)
{
    RsListener *listenerPtr = clientData;

    listenerPtr->resume = NULL;
    Tcl_CreateFileHandler(listenerPtr->fd, TCL_READABLE, AcceptReady,
	    listenerPtr);
}

/*
 *----------------------------------------------------------------------
 *
 * AcceptReady --
 *
 *	File handler of a listening descriptor: accepts one connection,
 *	makes a channel for it and runs the server's callback.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Opens a descriptor and a channel; runs a script, which may close the
 *	server (the listener must not be touched afterwards).
 *
 *----------------------------------------------------------------------
 */

static void
AcceptReady(
    ClientData clientData,
    int mask)
{
    RsListener *listenerPtr = clientData;
    RsSocket *serverPtr = listenerPtr->sockPtr;
    RsSocket *sockPtr;
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[RS_HOSTLEN];
    int fd, port;

    (void) mask;
    fd = AcceptFd(listenerPtr->fd, (struct sockaddr *) &ss, &len);
    if (fd < 0) {
	int err = errno;

	/*
	 * Nothing was accepted, and there is nobody to tell. Out of
	 * descriptors or memory, the connection stays queued and the
	 * listener stays readable: watching it would run this handler
	 * again at once, keeping the process busy for as long as the
	 * shortage lasts. Pause instead, then try again.
	 * [server.accept.failure-silent] [server.accept.failure-no-busy-wait]
	 */

	if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
	    Tcl_DeleteFileHandler(listenerPtr->fd);
	    listenerPtr->resume = Tcl_CreateTimerHandler(RS_ACCEPT_PAUSE_MS,
		    AcceptResume, listenerPtr);
	}
	return;
    }

    if (RsNumericAddress((struct sockaddr *) &ss, len, host, sizeof(host),
	    &port) != 0) {
	close(fd);
	return;
    }
    /*
     * [server.accept.new-channel] [server.accepted.read-write]
     * [server.accept.address-numeric] [server.accept.client-port]
     */

    sockPtr = RsSocketNew();
    sockPtr->fd = fd;
    RsCreateChannel(sockPtr, TCL_READABLE | TCL_WRITABLE);
    /* [server.accept.callback-args] */
    RsInvokeAcceptCommand(serverPtr->interp, serverPtr->acceptCmd,
	    sockPtr->channel, host, port);
}

/*
 *----------------------------------------------------------------------
 *
 * RsListenStart --
 *
 *	Starts accepting on every listening descriptor of a server, from the
 *	event loop. [server.accept.automatic] [server.accept.needs-event-loop]
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Creates file handlers.
 *
 *----------------------------------------------------------------------
 */

void
RsListenStart(
    RsSocket *sockPtr)
{
    int i;

    for (i = 0; i < sockPtr->numListeners; i++) {
	Tcl_CreateFileHandler(sockPtr->listeners[i].fd, TCL_READABLE,
		AcceptReady, &sockPtr->listeners[i]);
    }
}

/*
 *----------------------------------------------------------------------
 *
 * RsListenStop --
 *
 *	Stops accepting on every listening descriptor of a server, watched
 *	or paused.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Deletes file handlers and timers.
 *
 *----------------------------------------------------------------------
 */

void
RsListenStop(
    RsSocket *sockPtr)
{
    int i;

    for (i = 0; i < sockPtr->numListeners; i++) {
	RsListener *listenerPtr = &sockPtr->listeners[i];

	if (listenerPtr->resume != NULL) {
	    Tcl_DeleteTimerHandler(listenerPtr->resume);
	    listenerPtr->resume = NULL;
	} else if (listenerPtr->fd >= 0) {
	    Tcl_DeleteFileHandler(listenerPtr->fd);
	}
    }
}
