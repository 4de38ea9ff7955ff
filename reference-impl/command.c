/*
 * command.c --
 *
 *	The refsock::socket command: argument parsing and checking in the
 *	order tclsh8.6 applies them, and the only code of refsock that sets
 *	interpreter results (including errors of the channel's options and
 *	the server callback).
 */

#include "refsock.h"

#include <stdio.h>
#include <netinet/in.h>

#define RS_USAGE \
    "wrong # args: should be \"socket ?-myaddr addr? ?-myport myport? " \
    "?-async? host port\" or \"socket -server command ?-myaddr addr? port\""

static const char *const socketOptions[] = {
    "-async", "-myaddr", "-myport", "-server", NULL
};

enum SocketOption {
    OPT_ASYNC, OPT_MYADDR, OPT_MYPORT, OPT_SERVER
};

/*
 *----------------------------------------------------------------------
 *
 * OpenError --
 *
 *	Leaves "couldn't open socket: ..." in the interpreter.
 *	[args.error-message-form] [args.errorcode-posix] An errno also
 *	sets -errorcode {POSIX ...}; a text-only failure (resolver error,
 *	port out of range) leaves -errorcode NONE, as tclsh8.6 does.
 *	[args.unresolvable-host] [args.failure-leaves-no-channel]
 *
 * Results:
 *	TCL_ERROR.
 *
 * Side effects:
 *	Sets the interpreter result and maybe the error code.
 *
 *----------------------------------------------------------------------
 */

static int
OpenError(
    Tcl_Interp *interp,
    int err,
    const char *msg)
{
    if (err == RS_ERR_MESSAGE) {
	Tcl_SetObjResult(interp, Tcl_ObjPrintf("couldn't open socket: %s",
		msg));
    } else {
	Tcl_SetErrno(err);
	Tcl_SetObjResult(interp, Tcl_ObjPrintf("couldn't open socket: %s",
		Tcl_PosixError(interp)));
    }
    return TCL_ERROR;
}

/*
 *----------------------------------------------------------------------
 *
 * GetPort --
 *
 *	Parses a port: an integer, else a TCP service name. Range is checked
 *	by the caller. [client.port.integer] [client.port.service-name]
 *	[client.myport.service-name] [server.port.integer]
 *	[server.port.service-name]
 *
 * Results:
 *	TCL_OK with *portPtr set, else TCL_ERROR with the integer parser's
 *	message in interp.
 *
 * Side effects:
 *	May consult the services database.
 *
 *----------------------------------------------------------------------
 */

static int
GetPort(
    Tcl_Interp *interp,
    Tcl_Obj *objPtr,
    int *portPtr)
{
    struct servent *serv;

    if (Tcl_GetIntFromObj(NULL, objPtr, portPtr) == TCL_OK) {
	return TCL_OK;
    }
    serv = getservbyname(Tcl_GetString(objPtr), "tcp");
    if (serv != NULL) {
	*portPtr = ntohs((unsigned short) serv->s_port);
	return TCL_OK;
    }
    return Tcl_GetIntFromObj(interp, objPtr, portPtr);
}

/*
 *----------------------------------------------------------------------
 *
 * MissingValue --
 *
 *	Reports an option given as the last word, without its value.
 *	[args.missing-value]
 *
 * Results:
 *	TCL_ERROR.
 *
 * Side effects:
 *	Sets the interpreter result.
 *
 *----------------------------------------------------------------------
 */

static int
MissingValue(
    Tcl_Interp *interp,
    const char *option)
{
    Tcl_SetObjResult(interp, Tcl_ObjPrintf(
	    "no argument given for %s option", option));
    return TCL_ERROR;
}

/*
 *----------------------------------------------------------------------
 *
 * AsyncWithServer --
 *
 *	Reports -async and -server on one command line.
 *	[args.async-with-server] [server.options.myaddr-only]
 *
 * Results:
 *	TCL_ERROR.
 *
 * Side effects:
 *	Sets the interpreter result.
 *
 *----------------------------------------------------------------------
 */

static int
AsyncWithServer(
    Tcl_Interp *interp)
{
    Tcl_SetObjResult(interp, Tcl_NewStringObj(
	    "cannot set -async option for server sockets", -1));
    return TCL_ERROR;
}

/*
 *----------------------------------------------------------------------
 *
 * RsSocketObjCmd --
 *
 *	Implements "refsock::socket ?options? host port" and
 *	"refsock::socket -server command ?options? port".
 *
 * Results:
 *	A standard Tcl result: the name of the new channel, or an error.
 *
 * Side effects:
 *	Opens a client or server socket and registers its channel in
 *	interp.
 *
 *----------------------------------------------------------------------
 */

int
RsSocketObjCmd(
    ClientData clientData,
    Tcl_Interp *interp,
    int objc,
    Tcl_Obj *const objv[])
{
    Tcl_Obj *serverCmd = NULL;
    const char *myaddr = NULL, *host, *msg = NULL;
    int async = 0, myport = 0, port, a, index, err;
    RsSocket *sockPtr;

    (void) clientData;

    /*
     * Options run up to the first word not starting with "-"; a later
     * repetition of an option wins, and a value is taken as it is, even
     * when it starts with "-". Of two problems the one met first, word by
     * word, is reported, as on tclsh8.6 [args.check-order]: -async and
     * -server clash as soon as the second of them is seen, before the
     * -server's value is looked for; -myport's value is checked where it
     * stands. Only the checks that need the whole line come after the
     * loop: -myport with -server, the number of words, the port.
     */

    for (a = 1; a < objc; a++) {
	if (Tcl_GetString(objv[a])[0] != '-') {
	    break;
	}
	/* [args.options.exact] [args.unknown-option] */
	if (Tcl_GetIndexFromObj(interp, objv[a], socketOptions, "option",
		TCL_EXACT, &index) != TCL_OK) {
	    return TCL_ERROR;
	}
	switch ((enum SocketOption) index) {
	case OPT_ASYNC:
	    if (serverCmd != NULL) {
		return AsyncWithServer(interp);
	    }
	    async = 1;
	    break;
	case OPT_MYADDR:
	    if (++a >= objc) {
		return MissingValue(interp, "-myaddr");
	    }
	    myaddr = Tcl_GetString(objv[a]);
	    break;
	case OPT_MYPORT:
	    if (++a >= objc) {
		return MissingValue(interp, "-myport");
	    }
	    if (GetPort(interp, objv[a], &myport) != TCL_OK) {
		return TCL_ERROR;
	    }
	    if (myport > RS_MAX_PORT) {
		return OpenError(interp, RS_ERR_MESSAGE,
			"port number too high");
	    }
	    break;
	case OPT_SERVER:
	    if (async) {
		return AsyncWithServer(interp);
	    }
	    if (++a >= objc) {
		return MissingValue(interp, "-server");
	    }
	    serverCmd = objv[a];
	    break;
	}
    }

    if (serverCmd != NULL) {
	/*
	 * "-myport 0" means no -myport, also for servers (as on tclsh8.6).
	 */

	if (myport != 0) {			/* [args.myport-with-server] */
	    Tcl_SetObjResult(interp, Tcl_NewStringObj(
		    "option -myport is not valid for servers", -1));
	    return TCL_ERROR;
	}
	if (a != objc - 1) {
	    goto wrongArgs;
	}
	host = NULL;
    } else {
	if (a != objc - 2) {
	    goto wrongArgs;
	}
	host = Tcl_GetString(objv[a++]);
    }
    if (GetPort(interp, objv[a], &port) != TCL_OK) {
	return TCL_ERROR;
    }
    if (port > RS_MAX_PORT) {			/* [args.bad-port] */
	return OpenError(interp, RS_ERR_MESSAGE, "port number too high");
    }

    /* [description.mode.server-switch] */
    if (serverCmd != NULL) {
	/* [server.listen.port] */
	err = RsListenOpen(myaddr, port, &sockPtr, &msg);
	if (err != 0) {
	    return OpenError(interp, err, msg);
	}
	sockPtr->interp = interp;
	Tcl_CallWhenDeleted(interp, RsForgetInterp, sockPtr);
	sockPtr->acceptCmd = serverCmd;
	Tcl_IncrRefCount(serverCmd);
	RsCreateChannel(sockPtr, 0);		/* [server.channel.no-io] */
	RsListenStart(sockPtr);
    } else {
	err = RsConnectOpen(host, port, myaddr, myport, async, &sockPtr,
		&msg);
	if (err != 0) {
	    return OpenError(interp, err, msg);
	}
	RsCreateChannel(sockPtr, TCL_READABLE | TCL_WRITABLE);
    }
    /* [client.connect.returns-channel] [description.channel.io] */
    Tcl_RegisterChannel(interp, sockPtr->channel);
    Tcl_SetObjResult(interp, Tcl_NewStringObj(
	    Tcl_GetChannelName(sockPtr->channel), -1));
    return TCL_OK;

  wrongArgs:					/* [args.wrong-count] */
    Tcl_SetObjResult(interp, Tcl_NewStringObj(RS_USAGE, -1));
    Tcl_SetErrorCode(interp, "TCL", "WRONGARGS", (char *) NULL);
    return TCL_ERROR;
}

/*
 *----------------------------------------------------------------------
 *
 * RsOptionError --
 *
 *	Reports a failed read of -peername or -sockname:
 *	"can't get peername: socket is not connected", -errorcode POSIX.
 *	[option.peername.server-unsupported]
 *
 * Results:
 *	TCL_ERROR.
 *
 * Side effects:
 *	Sets the interpreter result and error code when interp is not NULL.
 *
 *----------------------------------------------------------------------
 */

int
RsOptionError(
    Tcl_Interp *interp,
    const char *what,
    int err)
{
    Tcl_SetErrno(err);
    if (interp != NULL) {
	Tcl_SetObjResult(interp, Tcl_ObjPrintf("can't get %s: %s", what,
		Tcl_PosixError(interp)));
    }
    return TCL_ERROR;
}

/*
 *----------------------------------------------------------------------
 *
 * RsForgetInterp --
 *
 *	Called when the interpreter of a server's callback is deleted while
 *	the server lives on (shared with another interpreter).
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	The server stops referring to the interpreter.
 *
 *----------------------------------------------------------------------
 */

void
RsForgetInterp(
    ClientData clientData,
    Tcl_Interp *interp)
{
    RsSocket *sockPtr = clientData;

    (void) interp;
    sockPtr->interp = NULL;
}

/*
 *----------------------------------------------------------------------
 *
 * RsInvokeAcceptCommand --
 *
 *	Runs a server's callback for a newly accepted channel, with the
 *	channel name, the client's address and port appended. Like tclsh8.6,
 *	the callback is evaluated as a script prefix, in the frame of
 *	whatever runs the event loop (a vwait inside a proc: that proc's
 *	variables and namespace; Tcl 9.0 runs it at global level instead).
 *	A callback that does not return TCL_OK is reported as a background
 *	exception and the new channel is closed; the server goes on
 *	accepting. [server.accept.command-prefix]
 *	[server.accept.script-prefix] [server.accept.callback-level]
 *	[server.accept.callback-error] [server.accept.error-closes-channel]
 *
 * Results:
 *	None.
 *
 * Side effects:
 *	Registers the channel in interp, runs the script, maybe closes the
 *	channel. With interp NULL (deleted), just closes the channel.
 *
 *----------------------------------------------------------------------
 */

void
RsInvokeAcceptCommand(
    Tcl_Interp *interp,
    Tcl_Obj *acceptCmd,
    Tcl_Channel channel,
    const char *host,
    int port)
{
    Tcl_DString script;
    char portText[16];
    int code;

    if (interp == NULL || Tcl_InterpDeleted(interp)) {
	/*
	 * The server outlived its interpreter (the channel was shared with
	 * another one): nobody is left to take the connection, which is
	 * closed, as tclsh8.6 does.
	 */

	Tcl_Close(NULL, channel);
	return;
    }
    Tcl_Preserve(interp);
    Tcl_RegisterChannel(interp, channel);

    /*
     * Our own reference keeps the channel alive even if the script closes
     * it or the server, so it can still be looked at afterwards.
     */

    Tcl_RegisterChannel(NULL, channel);
    snprintf(portText, sizeof(portText), "%d", port);
    Tcl_DStringInit(&script);
    Tcl_DStringAppend(&script, Tcl_GetString(acceptCmd), -1);
    Tcl_DStringAppendElement(&script, Tcl_GetChannelName(channel));
    Tcl_DStringAppendElement(&script, host);
    Tcl_DStringAppendElement(&script, portText);
    code = Tcl_EvalEx(interp, Tcl_DStringValue(&script),
	    Tcl_DStringLength(&script), 0);
    Tcl_DStringFree(&script);
    if (code != TCL_OK) {
	Tcl_BackgroundException(interp, code);
	if (Tcl_IsChannelRegistered(interp, channel)) {
	    Tcl_UnregisterChannel(interp, channel);
	}
    }
    Tcl_UnregisterChannel(NULL, channel);
    Tcl_Release(interp);
}
