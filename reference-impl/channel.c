/*
 * channel.c --
 *
 *	The "tcp" channel type of refsock and its driver procedures: input,
 *	output, full and half close, the read-only options -error, -sockname,
 *	-peername and -connecting, event watching and blocking mode. Also the
 *	socket record's constructor and its one destructor.
 */

#include "refsock.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

/*
 * Without MSG_NOSIGNAL a write to a closed connection raises SIGPIPE, which
 * tclsh ignores, so EPIPE is reported all the same.
 */

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

#define RS_BUFFER_SIZE	65536	/* Channel buffers of data sockets; see
				 * RsCreateChannel. */

static int	BlockModeProc(ClientData instanceData, int mode);
static int	Close2Proc(ClientData instanceData, Tcl_Interp *interp,
		    int flags);
static void	FileReady(ClientData clientData, int mask);
static int	GetHandleProc(ClientData instanceData, int direction,
		    ClientData *handlePtr);
static int	GetOptionProc(ClientData instanceData, Tcl_Interp *interp,
		    const char *optionName, Tcl_DString *dsPtr);
static int	InputProc(ClientData instanceData, char *buf, int toRead,
		    int *errorCodePtr);
static int	OutputProc(ClientData instanceData, const char *buf,
		    int toWrite, int *errorCodePtr);
static void	ThreadActionProc(ClientData instanceData, int action);
static void	WatchProc(ClientData instanceData, int mask);

/*
 * The type name is what tclsh8.6 uses for its own TCP sockets.
 */

static const Tcl_ChannelType rsChannelType = {
    "tcp",			/* Type name. */
    TCL_CHANNEL_VERSION_5,
    TCL_CLOSE2PROC,		/* Close is handled by Close2Proc. */
    InputProc,
    OutputProc,
    NULL,			/* No seek. */
    NULL,			/* Every socket option is read-only.
				 * [option.readonly] */
    GetOptionProc,
    WatchProc,
    GetHandleProc,
    Close2Proc,
    BlockModeProc,
    NULL,			/* No flush proc. */
    NULL,			/* No handler proc. */
    NULL,			/* No wide seek. */
    ThreadActionProc,
    NULL			/* No truncate. */
};

/*
 *----------------------------------------------------------------------
 *
 * RsSocketNew --
 *
 *	Allocates an empty socket record: no descriptor, no addresses, no
 *	channel, blocking mode, state RS_CONNECTED.
 *
 * Results:
 *	The new record.
 *
 * Side effects:
 *	Allocates memory.
 *
 *----------------------------------------------------------------------
 */

RsSocket *
RsSocketNew(void)
{
    RsSocket *sockPtr = (RsSocket *) ckalloc(sizeof(RsSocket));

    memset(sockPtr, 0, sizeof(RsSocket));
    sockPtr->fd = -1;
    sockPtr->handlerFd = -1;
    sockPtr->blocking = 1;
    sockPtr->state = RS_CONNECTED;
    return sockPtr;
}

/*
 *----------------------------------------------------------------------
 *
 * RsCloseFd --
 *
 *	Closes a client socket's current descriptor, first removing the file
 *	handler that may sit on it.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Closes sockPtr->fd and sets it to -1.
 *
 *----------------------------------------------------------------------
 */

void
RsCloseFd(
    RsSocket *sockPtr)
{
    if (sockPtr->handlerFd >= 0) {
	Tcl_DeleteFileHandler(sockPtr->handlerFd);
	sockPtr->handlerFd = -1;
    }
    if (sockPtr->fd >= 0) {
	close(sockPtr->fd);
	sockPtr->fd = -1;
    }
}

/*
 *----------------------------------------------------------------------
 *
 * RsSocketFree --
 *
 *	The one destructor of socket records. Accepts records in any state
 *	of construction: no descriptor, no address lists, no listeners, no
 *	callback.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Removes file handlers, closes descriptors, frees everything the
 *	record owns and the record itself. Closing a server closes only its
 *	listening descriptors; accepted channels are records of their own.
 *	[server.close.stops-accepting] [server.close.keeps-accepted]
 *
 *----------------------------------------------------------------------
 */

void
RsSocketFree(
    RsSocket *sockPtr)
{
    int i;

    RsCloseFd(sockPtr);
    RsListenStop(sockPtr);
    for (i = 0; i < sockPtr->numListeners; i++) {
	if (sockPtr->listeners[i].fd >= 0) {
	    close(sockPtr->listeners[i].fd);
	}
    }
    if (sockPtr->listeners != NULL) {
	ckfree((char *) sockPtr->listeners);
    }
    if (sockPtr->remote != NULL) {
	freeaddrinfo(sockPtr->remote);
    }
    if (sockPtr->local != NULL) {
	freeaddrinfo(sockPtr->local);
    }
    if (sockPtr->acceptCmd != NULL) {
	Tcl_DecrRefCount(sockPtr->acceptCmd);
    }
    if (sockPtr->interp != NULL) {
	Tcl_DontCallWhenDeleted(sockPtr->interp, RsForgetInterp, sockPtr);
    }
    ckfree((char *) sockPtr);
}

/*
 *----------------------------------------------------------------------
 *
 * RsCreateChannel --
 *
 *	Makes the Tcl channel of a socket record, named "sock" followed by
 *	hex digits like tclsh8.6's sockets, with the translation tclsh8.6
 *	gives sockets ({auto crlf}); the encoding is the system encoding,
 *	the core's default. [description.encoding.default]
 *	Channels that carry data get RS_BUFFER_SIZE buffers instead of the
 *	core's 4096 bytes: the core moves data through the driver one buffer
 *	at a time, so on a fast connection the buffer size sets the number of
 *	send and recv calls (16 times fewer for 64 KiB). Buffers are taken
 *	only while data waits in them, so an idle socket costs no more.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Sets sockPtr->channel; installs the file handler a pending -async
 *	connect needs.
 *
 *----------------------------------------------------------------------
 */

void
RsCreateChannel(
    RsSocket *sockPtr,
    int mask)
{
    char name[32];

    snprintf(name, sizeof(name), "sock%" PRIxPTR, (uintptr_t) sockPtr);
    sockPtr->channel = Tcl_CreateChannel(&rsChannelType, name, sockPtr,
	    mask);
    /* [channel.translation.default] */
    Tcl_SetChannelOption(NULL, sockPtr->channel, "-translation",
	    "auto crlf");
    if (mask != 0) {
	Tcl_SetChannelBufferSize(sockPtr->channel, RS_BUFFER_SIZE);
    }
    RsWatchUpdate(sockPtr);
}

/*
 *----------------------------------------------------------------------
 *
 * RsWatchUpdate --
 *
 *	Puts the client socket's file handler where it belongs. While a
 *	connect is pending the handler waits for writability on the current
 *	attempt's descriptor whatever the channel watches, so the event loop
 *	alone drives the attempts; afterwards it follows the channel's
 *	watch mask.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Creates, changes or deletes a Tcl file handler.
 *
 *----------------------------------------------------------------------
 */

void
RsWatchUpdate(
    RsSocket *sockPtr)
{
    int mask;

    if (sockPtr->acceptCmd != NULL) {
	return;			/* Listeners have handlers of their own. */
    }
    /* [client.async.no-early-writable] */
    mask = (sockPtr->state == RS_PENDING) ? TCL_WRITABLE : sockPtr->watchMask;
    if (sockPtr->handlerFd >= 0
	    && (sockPtr->handlerFd != sockPtr->fd || mask == 0)) {
	Tcl_DeleteFileHandler(sockPtr->handlerFd);
	sockPtr->handlerFd = -1;
    }
    if (mask != 0 && sockPtr->fd >= 0) {
	Tcl_CreateFileHandler(sockPtr->fd, mask, FileReady, sockPtr);
	sockPtr->handlerFd = sockPtr->fd;
    }
}

/*
 *----------------------------------------------------------------------
 *
 * FileReady --
 *
 *	File handler of client sockets. While a connect is pending it takes
 *	the next step; afterwards it passes events on to the channel.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	May advance the connect; notifies the channel, which may run
 *	scripts that close it (the record must not be touched afterwards).
 *
 *----------------------------------------------------------------------
 */

static void
FileReady(
    ClientData clientData,
    int mask)
{
    RsSocket *sockPtr = clientData;

    if (sockPtr->state == RS_PENDING) {
	/*
	 * The step is all this event does. Once the connect has ended the
	 * descriptor is writable (also after a failure), so the handler that
	 * follows the watch mask reports it from the next round of the event
	 * loop on, as tclsh8.6 does (events ready in this round, such as the
	 * server's accept, come first).
	 * [client.async.success-event] [client.async.failure-event]
	 */

	RsConnectAdvance(sockPtr, 0);
	RsWatchUpdate(sockPtr);
	return;
    }
    mask &= sockPtr->watchMask;
    if (mask != 0) {
	Tcl_NotifyChannel(sockPtr->channel, mask);
    }
}

/*
 *----------------------------------------------------------------------
 *
 * Settle --
 *
 *	Before I/O on a socket whose connect is pending: a blocking channel
 *	waits for the connect to end, a non-blocking one takes one step.
 *	[client.async.blocking-gets-waits] [client.async.blocking-flush-waits]
 *	[client.async.nonblocking-gets-returns]
 *	[client.async.nonblocking-flush-returns]
 *	I/O on a socket whose connect failed reports ENOTCONN, as tclsh8.6
 *	does (the kernel itself would report end of file or EPIPE).
 *
 * Results:
 *	0 when I/O may proceed, EWOULDBLOCK while still connecting, ENOTCONN
 *	after a failed connect.
 *
 * Side effects:
 *	May advance the connect.
 *
 *----------------------------------------------------------------------
 */

static int
Settle(
    RsSocket *sockPtr)
{
    if (sockPtr->state == RS_PENDING) {
	RsConnectAdvance(sockPtr, sockPtr->blocking);
	RsWatchUpdate(sockPtr);
	if (sockPtr->state == RS_PENDING) {
	    return EWOULDBLOCK;
	}
    }
    if (sockPtr->state == RS_FAILED || sockPtr->fd < 0) {
	/* [client.async.io-after-failure] */
	return ENOTCONN;
    }
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * InputProc --
 *
 *	Reads up to toRead bytes from the socket.
 *
 * Results:
 *	Bytes read (0 at end of file or reset connection), or -1 with
 *	*errorCodePtr set.
 *
 * Side effects:
 *	Consumes data; may advance a pending connect.
 *
 *----------------------------------------------------------------------
 */

static int
InputProc(
    ClientData instanceData,
    char *buf,
    int toRead,
    int *errorCodePtr)
{
    RsSocket *sockPtr = instanceData;
    ssize_t n;
    int err = Settle(sockPtr);

    if (err != 0) {
	*errorCodePtr = err;
	return -1;
    }
    do {
	n = recv(sockPtr->fd, buf, (size_t) toRead, 0);
    } while (n < 0 && errno == EINTR);
    /* [channel.eof.peer-close] */
    if (n < 0 && errno == ECONNRESET) {
	/*
	 * tclsh8.6 reads a connection reset by the peer as end of file.
	 */

	return 0;
    }
    if (n < 0) {
	*errorCodePtr = errno;
	return -1;
    }
    return (int) n;
}

/*
 *----------------------------------------------------------------------
 *
 * OutputProc --
 *
 *	Writes up to toWrite bytes to the socket. MSG_NOSIGNAL turns a write
 *	to a closed connection into EPIPE instead of a signal.
 *
 * Results:
 *	Bytes written, or -1 with *errorCodePtr set.
 *
 * Side effects:
 *	Sends data; may advance a pending connect.
 *
 *----------------------------------------------------------------------
 */

static int
OutputProc(
    ClientData instanceData,
    const char *buf,
    int toWrite,
    int *errorCodePtr)
{
    RsSocket *sockPtr = instanceData;
    ssize_t n;
    int err = Settle(sockPtr);

    if (err != 0) {
	*errorCodePtr = err;
	return -1;
    }
    /* [channel.write.peer-closed] */
    do {
	n = send(sockPtr->fd, buf, (size_t) toWrite, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
	*errorCodePtr = errno;
	return -1;
    }
    return (int) n;
}

/*
 *----------------------------------------------------------------------
 *
 * Close2Proc --
 *
 *	Closes the socket, or one direction of it (close $chan read|write,
 *	a TCP half-close).
 *
 * Results:
 *	0 or a positive errno.
 *
 * Side effects:
 *	Shuts down a direction, or frees the whole record.
 *
 *----------------------------------------------------------------------
 */

static int
Close2Proc(
    ClientData instanceData,
    Tcl_Interp *interp,
    int flags)
{
    RsSocket *sockPtr = instanceData;
    int how;

    (void) interp;
    flags &= (TCL_CLOSE_READ | TCL_CLOSE_WRITE);
    if (flags == 0 || flags == (TCL_CLOSE_READ | TCL_CLOSE_WRITE)) {
	RsSocketFree(sockPtr);
	return 0;
    }
    /* [channel.half-close] */
    how = (flags == TCL_CLOSE_READ) ? SHUT_RD : SHUT_WR;
    if (sockPtr->fd < 0 || shutdown(sockPtr->fd, how) < 0) {
	return (sockPtr->fd < 0) ? ENOTCONN : errno;
    }
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * AppendName --
 *
 *	Appends the address triple of the local (sockname) or remote
 *	(peername) end of a descriptor.
 *
 * Results:
 *	0, or the errno of getsockname/getpeername.
 *
 * Side effects:
 *	Appends to *dsPtr on success.
 *
 *----------------------------------------------------------------------
 */

static int
AppendName(
    int fd,
    int peer,
    Tcl_DString *dsPtr)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int rc;

    if (fd < 0) {
	return peer ? ENOTCONN : EBADF;
    }
    rc = peer ? getpeername(fd, (struct sockaddr *) &ss, &len)
	    : getsockname(fd, (struct sockaddr *) &ss, &len);
    if (rc < 0) {
	return errno;
    }
    RsAppendAddress((struct sockaddr *) &ss, len, dsPtr);
    return 0;
}

/*
 *----------------------------------------------------------------------
 *
 * OptionMatches --
 *
 *	Tells whether name is a unique abbreviation (at least "-" and one
 *	letter) of the option full; the four socket options all differ in
 *	their first letter.
 *
 * Results:
 *	1 if it matches, else 0.
 *
 * Side effects:
 *	None.
 *
 *----------------------------------------------------------------------
 */

static int
OptionMatches(
    const char *name,
    size_t len,
    const char *full)
{
    return len > 1 && strncmp(name, full, len) == 0;
}

/*
 *----------------------------------------------------------------------
 *
 * GetOptionProc --
 *
 *	Reads -error, -connecting, -peername or -sockname, or (optionName
 *	NULL) appends the options tclsh8.6 lists for a socket: -peername
 *	(when there is a peer, or while connecting) and -sockname. Every
 *	call first takes one step of a pending connect.
 *	[client.async.no-event-loop]
 *
 * Results:
 *	TCL_OK, or TCL_ERROR with a message in interp (if not NULL).
 *
 * Side effects:
 *	Reading -error clears the error. May advance a pending connect.
 *
 *----------------------------------------------------------------------
 */

static int
GetOptionProc(
    ClientData instanceData,
    Tcl_Interp *interp,
    const char *optionName,
    Tcl_DString *dsPtr)
{
    RsSocket *sockPtr = instanceData;
    size_t len = (optionName == NULL) ? 0 : strlen(optionName);
    int isServer = (sockPtr->acceptCmd != NULL);
    int pending, err, i;

    if (sockPtr->state == RS_PENDING) {
	RsConnectAdvance(sockPtr, 0);
	RsWatchUpdate(sockPtr);
    }
    pending = (sockPtr->state == RS_PENDING);

    if (OptionMatches(optionName, len, "-error")) {
	int fd = isServer ? sockPtr->listeners[0].fd : sockPtr->fd;
	socklen_t errLen = sizeof(err);

	/*
	 * While connecting, SO_ERROR belongs to the state machine: reading
	 * it here would hide a refused attempt from it.
	 */

	/* [option.error.empty-when-healthy] */
	err = sockPtr->storedError;
	sockPtr->storedError = 0;		/* [option.error.reset] */
	if (err == 0 && !pending && fd >= 0
		&& getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errLen) < 0) {
	    err = errno;
	}
	if (err != 0) {
	    Tcl_DStringAppend(dsPtr, Tcl_ErrnoMsg(err), -1);
	}
	return TCL_OK;
    }
    if (OptionMatches(optionName, len, "-connecting")) {
	/*
	 * [client.async.connecting-option] [option.connecting.after-completion]
	 * [option.connecting.server-unsupported]: a server answers 0.
	 * [option.connecting.sync-zero]
	 */

	Tcl_DStringAppend(dsPtr, pending ? "1" : "0", -1);
	return TCL_OK;
    }
    if (len == 0 || OptionMatches(optionName, len, "-peername")) {
	Tcl_DString peer;

	Tcl_DStringInit(&peer);
	if (pending) {
	    err = 0;		/* tclsh8.6 answers "" while connecting. */
	} else if (isServer) {
	    /* [option.peername.server-unsupported] */
	    err = ENOTCONN;
	} else {
	    /*
	     * [option.peername.client-triple]
	     * [option.peername.accepted-triple]
	     */

	    err = AppendName(sockPtr->fd, 1, &peer);
	}
	if (len > 0) {
	    if (err == 0) {
		Tcl_DStringAppend(dsPtr, Tcl_DStringValue(&peer),
			Tcl_DStringLength(&peer));
	    }
	    Tcl_DStringFree(&peer);
	    return err ? RsOptionError(interp, "peername", err) : TCL_OK;
	}

	/*
	 * Without a peer the full list leaves the option out.
	 */

	if (err == 0) {
	    Tcl_DStringAppendElement(dsPtr, "-peername");
	    Tcl_DStringAppendElement(dsPtr, Tcl_DStringValue(&peer));
	}
	Tcl_DStringFree(&peer);
    }
    if (len == 0 || OptionMatches(optionName, len, "-sockname")) {
	if (len == 0) {
	    Tcl_DStringAppendElement(dsPtr, "-sockname");
	    Tcl_DStringStartSublist(dsPtr);
	}
	err = 0;
	/*
	 * [option.sockname.server-triples]
	 * [option.sockname.server-single-group]
	 * [option.sockname.server-groups-wildcard]
	 * [option.sockname.server-groups-multi-address]
	 * [option.sockname.accepted-triple]
	 */

	if (isServer) {
	    for (i = 0; i < sockPtr->numListeners && err == 0; i++) {
		err = AppendName(sockPtr->listeners[i].fd, 0, dsPtr);
	    }
	} else if (!pending) {	/* "" while connecting, as on tclsh8.6. */
	    err = AppendName(sockPtr->fd, 0, dsPtr);
	}
	if (len == 0) {
	    Tcl_DStringEndSublist(dsPtr);
	    return TCL_OK;
	}
	return err ? RsOptionError(interp, "sockname", err) : TCL_OK;
    }
    return Tcl_BadChannelOption(interp, optionName,
	    "connecting peername sockname");
}

/*
 *----------------------------------------------------------------------
 *
 * WatchProc --
 *
 *	Records which events the channel core wants and moves the file
 *	handler accordingly.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	See RsWatchUpdate.
 *
 *----------------------------------------------------------------------
 */

static void
WatchProc(
    ClientData instanceData,
    int mask)
{
    RsSocket *sockPtr = instanceData;

    sockPtr->watchMask = mask & (TCL_READABLE | TCL_WRITABLE);
    RsWatchUpdate(sockPtr);
}

/*
 *----------------------------------------------------------------------
 *
 * GetHandleProc --
 *
 *	Returns the descriptor of the socket (a server's first listening
 *	descriptor).
 *
 * Results:
 *	TCL_OK with *handlePtr set, or TCL_ERROR when there is none.
 *
 * Side effects:
 *	None.
 *
 *----------------------------------------------------------------------
 */

static int
GetHandleProc(
    ClientData instanceData,
    int direction,
    ClientData *handlePtr)
{
    RsSocket *sockPtr = instanceData;
    int fd = (sockPtr->numListeners > 0) ? sockPtr->listeners[0].fd
	    : sockPtr->fd;

    (void) direction;
    if (fd < 0) {
	return TCL_ERROR;
    }
    *handlePtr = (ClientData) (intptr_t) fd;
    return TCL_OK;
}

/*
 *----------------------------------------------------------------------
 *
 * BlockModeProc --
 *
 *	Sets blocking or non-blocking mode. While a connect is pending the
 *	descriptor stays non-blocking and the mode is applied when the
 *	connect ends.
 *
 * Results:
 *	0 or a positive errno.
 *
 * Side effects:
 *	May change O_NONBLOCK on the descriptor.
 *
 *----------------------------------------------------------------------
 */

static int
BlockModeProc(
    ClientData instanceData,
    int mode)
{
    RsSocket *sockPtr = instanceData;

    /* [client.sync.switch-nonblocking] */
    sockPtr->blocking = (mode == TCL_MODE_BLOCKING);
    if (sockPtr->acceptCmd != NULL || sockPtr->state == RS_PENDING
	    || sockPtr->fd < 0) {
	return 0;
    }
    return RsSetBlocking(sockPtr->fd, sockPtr->blocking);
}

/*
 *----------------------------------------------------------------------
 *
 * ThreadActionProc --
 *
 *	Moves file handlers along when the channel is cut from one thread
 *	and spliced into another: a thread's notifier only serves handlers
 *	created in that thread.
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Deletes or recreates file handlers.
 *
 *----------------------------------------------------------------------
 */

static void
ThreadActionProc(
    ClientData instanceData,
    int action)
{
    RsSocket *sockPtr = instanceData;

    if (action == TCL_CHANNEL_THREAD_INSERT) {
	if (sockPtr->acceptCmd != NULL) {
	    RsListenStart(sockPtr);
	} else {
	    RsWatchUpdate(sockPtr);
	}
	return;
    }
    if (sockPtr->acceptCmd != NULL) {
	RsListenStop(sockPtr);
    } else if (sockPtr->handlerFd >= 0) {
	Tcl_DeleteFileHandler(sockPtr->handlerFd);
	sockPtr->handlerFd = -1;
    }
}
