/*
 * connect.c --
 *
 *	Client connections: every resolved remote address is tried in turn
 *	(paired with each -myaddr/-myport local address of the same family)
 *	until one connects. The attempts run as a small state machine
 *	(RS_PENDING, RS_CONNECTED, RS_FAILED) so that -async sockets can be
 *	driven by the event loop, by chan configure, or by blocking I/O.
 */

#include "refsock.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

/*
 * How far an attempt got; when every attempt fails, the error of the one
 * that got furthest is reported, the later one among equals. A failed bind
 * counts as far as a failed connect: tclsh8.6 reports a bind failure that
 * follows a refused connect, and a refused connect that follows a bind
 * failure. An attempt whose socket() fails counts as no attempt at all:
 * tclsh8.6 and Tcl 9.0 never report a client's socket() failure (say
 * EAFNOSUPPORT for ::1 on a host without IPv6, or EMFILE), but "host is
 * unreachable" when no attempt got further.
 */

enum {
    RS_STAGE_NONE,		/* No local address of the right family, or
				 * socket() failed. */
    RS_STAGE_CONNECT		/* bind() to -myaddr/-myport or connect()
				 * failed. */
};

/*
 *----------------------------------------------------------------------
 *
 * NoteError --
 *
 *	Remembers err if its attempt got at least as far as any before it.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	May update bestError and bestStage.
 *
 *----------------------------------------------------------------------
 */

static void
NoteError(
    RsSocket *sockPtr,
    int stage,
    int err)
{
    /* [client.connect.several-addresses] */
    if (stage >= sockPtr->bestStage) {
	sockPtr->bestStage = stage;
	sockPtr->bestError = err;
    }
}

/*
 *----------------------------------------------------------------------
 *
 * NextPair --
 *
 *	Moves the cursor to the next (remote, local) pair to try. Without
 *	local addresses every remote address is tried once; with them, each
 *	remote address is paired with every local address of its family.
 *
 * Results:
 *	1 with *remotePtr and *localPtr (NULL when no -myaddr/-myport) set,
 *	0 when every pair has been tried.
 *
 * Side effects:
 *	Advances the cursor; notes EHOSTUNREACH for a remote address no
 *	local address can reach, as tclsh8.6 reports it.
 *
 *----------------------------------------------------------------------
 */

static int
NextPair(
    RsSocket *sockPtr,
    struct addrinfo **remotePtr,
    struct addrinfo **localPtr)
{
    while (sockPtr->nextRemote != NULL) {
	struct addrinfo *remote = sockPtr->nextRemote;
	struct addrinfo *local;
	int started = (sockPtr->nextLocal != NULL);

	if (sockPtr->local == NULL) {
	    sockPtr->nextRemote = remote->ai_next;
	    *remotePtr = remote;
	    *localPtr = NULL;
	    return 1;
	}
	local = started ? sockPtr->nextLocal->ai_next : sockPtr->local;
	while (local != NULL && local->ai_family != remote->ai_family) {
	    local = local->ai_next;
	}
	if (local != NULL) {
	    sockPtr->nextLocal = local;
	    *remotePtr = remote;
	    *localPtr = local;
	    return 1;
	}
	if (!started) {
	    /* [client.myaddr.missing-family-error] */
	    NoteError(sockPtr, RS_STAGE_NONE, EHOSTUNREACH);
	}
	sockPtr->nextRemote = remote->ai_next;
	sockPtr->nextLocal = NULL;
    }
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * StartNext --
 *
 *	Starts connect attempts, one pair after another, until one is in
 *	progress or connected, or no pair is left.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Closes the previous attempt's descriptor, opens a new one; sets the
 *	state to RS_PENDING, RS_CONNECTED or RS_FAILED. A failed socket keeps
 *	the descriptor of its last attempt, so that -sockname still answers
 *	and I/O reports "socket is not connected", as on tclsh8.6.
 *
 *----------------------------------------------------------------------
 */

static void
StartNext(
    RsSocket *sockPtr)
{
    struct addrinfo *remote, *local;
    int fd, err, rc;

    while (NextPair(sockPtr, &remote, &local)) {
	err = RsNewSocketFd(remote->ai_family, &fd);
	if (err != 0) {
	    /*
	     * The previous attempt's descriptor stays: if this was the last
	     * address, the failed connect is reported through it (it is
	     * writable, so the writable event fires). The socket() error
	     * itself is not reported. [client.connect.several-addresses]
	     */

	    NoteError(sockPtr, RS_STAGE_NONE, EHOSTUNREACH);
	    continue;
	}
	RsCloseFd(sockPtr);
	sockPtr->fd = fd;
	/* [client.myaddr.numeric] */
	if (local != NULL) {
	    int on = 1;

	    /*
	     * Like tclsh8.6, allow -myport to take a port whose previous
	     * connection still lingers in TIME_WAIT.
	     */

	    /* [client.myaddr.not-local-error] [client.myport.in-use-error] */
	    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0
		    || bind(fd, local->ai_addr, local->ai_addrlen) < 0) {
		NoteError(sockPtr, RS_STAGE_CONNECT, errno);
		continue;
	    }
	}
	rc = connect(fd, remote->ai_addr, remote->ai_addrlen);
	if (rc == 0) {
	    sockPtr->state = RS_CONNECTED;
	    return;
	}
	err = errno;

	/*
	 * An interrupted connect on a non-blocking socket goes on in the
	 * background, exactly like one in progress.
	 */

	if (err == EINPROGRESS || err == EINTR) {
	    sockPtr->state = RS_PENDING;
	    return;
	}
	/* [client.connect.refused-error] [client.connect.unreachable-error] */
	NoteError(sockPtr, RS_STAGE_CONNECT, err);
    }
    sockPtr->state = RS_FAILED;
    if (sockPtr->bestError == 0) {
	sockPtr->bestError = EHOSTUNREACH;
    }
    /* [option.error.async-failure] */
    sockPtr->storedError = sockPtr->bestError;
}

/*
 *----------------------------------------------------------------------
 *
 * Finish --
 *
 *	Settles a socket that has left RS_PENDING: the descriptor takes the
 *	channel's blocking mode and the address lists are released.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Changes O_NONBLOCK on the descriptor, frees the address lists.
 *
 *----------------------------------------------------------------------
 */

static void
Finish(
    RsSocket *sockPtr)
{
    if (sockPtr->fd >= 0) {
	/*
	 * fcntl on a descriptor we own cannot fail in a way the caller could
	 * act on; I/O would report any real trouble.
	 */

	(void) RsSetBlocking(sockPtr->fd, sockPtr->blocking);
    }
    if (sockPtr->remote != NULL) {
	freeaddrinfo(sockPtr->remote);
	sockPtr->remote = NULL;
    }
    if (sockPtr->local != NULL) {
	freeaddrinfo(sockPtr->local);
	sockPtr->local = NULL;
    }
    sockPtr->nextRemote = NULL;
    sockPtr->nextLocal = NULL;
}

/*
 *----------------------------------------------------------------------
 *
 * RsConnectAdvance --
 *
 *	Drives a pending connect. Without wait, one step is taken: if the
 *	current attempt has finished, its SO_ERROR decides between
 *	RS_CONNECTED and starting the next attempt. With wait, the call
 *	blocks until the socket has connected or every attempt has failed.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	May change the state and the descriptor; see StartNext.
 *
 *----------------------------------------------------------------------
 */

void
RsConnectAdvance(
    RsSocket *sockPtr,
    int wait)
{
    while (sockPtr->state == RS_PENDING) {
	struct pollfd pfd;
	int n, err = 0;
	socklen_t len = sizeof(err);

	pfd.fd = sockPtr->fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	do {
	    n = poll(&pfd, 1, wait ? -1 : 0);
	} while (n < 0 && errno == EINTR);
	if (n == 0) {
	    return;				/* Still in progress. */
	}
	if (n < 0) {
	    err = errno;
	} else if (getsockopt(sockPtr->fd, SOL_SOCKET, SO_ERROR, &err,
		&len) < 0) {
	    err = errno;
	}
	if (err == 0) {
	    sockPtr->state = RS_CONNECTED;
	    break;
	}
	NoteError(sockPtr, RS_STAGE_CONNECT, err);
	/* [client.async.next-address] */
	StartNext(sockPtr);
	if (!wait) {
	    /* [client.async.no-event-loop] */
	    break;
	}
    }
    if (sockPtr->state != RS_PENDING) {
	Finish(sockPtr);
    }
}

/*
 *----------------------------------------------------------------------
 *
 * RsConnectOpen --
 *
 *	Opens a client socket to host:port, optionally bound to
 *	myaddr/myport. Without async, returns once connected or once every
 *	address has failed. With async, returns as soon as one attempt is in
 *	progress; only when every address fails at once is it an error.
 *
 * Results:
 *	0 with *sockPtrPtr set to a new socket record (no channel yet);
 *	else a positive errno or RS_ERR_MESSAGE with *msgPtr set.
 *
 * Side effects:
 *	Resolves names, opens a descriptor, starts connecting.
 *
 *----------------------------------------------------------------------
 */

int
RsConnectOpen(
    const char *host,
    int port,
    const char *myaddr,
    int myport,
    int async,
    RsSocket **sockPtrPtr,
    const char **msgPtr)
{
    RsSocket *sockPtr = RsSocketNew();
    int err;

    err = RsResolve(host, port, 0, &sockPtr->remote, msgPtr);
    /* [client.myport.integer] [client.myaddr.name] */
    if (err == 0 && (myaddr != NULL || myport != 0)) {
	err = RsResolve(myaddr, myport, 1, &sockPtr->local, msgPtr);
    }
    if (err != 0) {
	RsSocketFree(sockPtr);
	return err;
    }
    sockPtr->nextRemote = sockPtr->remote;
    StartNext(sockPtr);
    /* [client.async.returns-immediately] */
    if (!async) {
	/* [client.connect.several-addresses] */
	RsConnectAdvance(sockPtr, 1);
    } else if (sockPtr->state != RS_PENDING) {
	Finish(sockPtr);
    }
    /* [client.async.early-errors] */
    if (sockPtr->state == RS_FAILED) {
	err = sockPtr->bestError;
	RsSocketFree(sockPtr);
	return err;
    }
    *sockPtrPtr = sockPtr;
    return 0;
}
