/*
 * refsock.h --
 *
 *	The whole internal API of refsock, a clean-room reference
 *	implementation of the Tcl 8.6 "socket" command. One socket record
 *	(RsSocket) backs every channel this extension creates: client sockets,
 *	accepted sockets and server (listening) sockets.
 *
 *	Error convention: helpers return 0 or a positive errno value captured
 *	right after the failing system call. Failures that have no errno (a
 *	resolver error, a port out of range) are returned as RS_ERR_MESSAGE
 *	together with a static text in *msgPtr. Only command.c turns these
 *	into an interpreter result.
 */

#ifndef REFSOCK_H
#define REFSOCK_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>
#include <tcl.h>

#define RS_ERR_MESSAGE	(-1)	/* Failure described by *msgPtr only. */
#define RS_MAX_PORT	65535
#define RS_HOSTLEN	1025	/* Longest host text getnameinfo returns. */

/*
 * State of a client connection. Sockets made without -async and accepted
 * sockets are RS_CONNECTED from the start; -async sockets start in
 * RS_PENDING and end in RS_CONNECTED or RS_FAILED.
 */

typedef enum RsConnectState {
    RS_PENDING,
    RS_CONNECTED,
    RS_FAILED
} RsConnectState;

typedef struct RsSocket RsSocket;

/*
 * One listening descriptor of a server socket. A server has one per local
 * address it listens on (several when dual-stack or -myaddr names several
 * addresses); the file handler's client data points here.
 */

typedef struct RsListener {
    RsSocket *sockPtr;		/* Server socket owning this descriptor. */
    int fd;			/* Listening descriptor, -1 if none. */
    Tcl_TimerToken resume;	/* While accepting is paused (the process
				 * is out of descriptors): the timer that
				 * watches the descriptor again; else NULL. */
} RsListener;

struct RsSocket {
    Tcl_Channel channel;	/* Channel of this socket, NULL until made. */
    int fd;			/* Client: descriptor of the current attempt
				 * or connection, -1 if none. */
    int blocking;		/* Blocking mode the channel asked for. */
    int watchMask;		/* Events the channel core wants to hear. */
    int handlerFd;		/* Descriptor carrying our file handler, -1
				 * if none is installed. */
    RsConnectState state;
    int storedError;		/* Outcome of a failed connect, reported once
				 * through -error; 0 if none. */
    int bestError;		/* Error of the attempt that got furthest. */
    int bestStage;		/* How far that attempt got. */
    struct addrinfo *remote;	/* Addresses to connect to (owned). */
    struct addrinfo *local;	/* -myaddr/-myport addresses (owned), or
				 * NULL. */
    struct addrinfo *nextRemote;/* Cursor: remote address to try next. */
    struct addrinfo *nextLocal;	/* Cursor: local address to pair with
				 * nextRemote, NULL to start its list. */
    RsListener *listeners;	/* Server: listening descriptors (owned). */
    int numListeners;
    Tcl_Interp *interp;		/* Server: interpreter of the callback, NULL
				 * once it has been deleted. */
    Tcl_Obj *acceptCmd;		/* Server: callback prefix, NULL for a
				 * client. */
};

/*
 * addr.c
 */

int	RsResolve(const char *host, int port, int passive,
	    struct addrinfo **resultPtr, const char **msgPtr);
void	RsAppendAddress(const struct sockaddr *addr, socklen_t len,
	    Tcl_DString *dsPtr);
int	RsNumericAddress(const struct sockaddr *addr, socklen_t len,
	    char *host, size_t hostLen, int *portPtr);
int	RsNewSocketFd(int family, int *fdPtr);
int	RsSetBlocking(int fd, int blocking);

/*
 * channel.c
 */

RsSocket *	RsSocketNew(void);
void	RsSocketFree(RsSocket *sockPtr);
void	RsCloseFd(RsSocket *sockPtr);
void	RsCreateChannel(RsSocket *sockPtr, int mask);
void	RsWatchUpdate(RsSocket *sockPtr);

/*
 * connect.c
 */

int	RsConnectOpen(const char *host, int port, const char *myaddr,
	    int myport, int async, RsSocket **sockPtrPtr,
	    const char **msgPtr);
void	RsConnectAdvance(RsSocket *sockPtr, int wait);

/*
 * listen.c
 */

int	RsListenOpen(const char *myaddr, int port, RsSocket **sockPtrPtr,
	    const char **msgPtr);
void	RsListenStart(RsSocket *sockPtr);
void	RsListenStop(RsSocket *sockPtr);

/*
 * command.c
 */

int	RsSocketObjCmd(ClientData clientData, Tcl_Interp *interp, int objc,
	    Tcl_Obj *const objv[]);
void	RsForgetInterp(ClientData clientData, Tcl_Interp *interp);
void	RsInvokeAcceptCommand(Tcl_Interp *interp, Tcl_Obj *acceptCmd,
	    Tcl_Channel channel, const char *host, int port);
int	RsOptionError(Tcl_Interp *interp, const char *what, int err);

#endif /* REFSOCK_H */
