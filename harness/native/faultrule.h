/*
 * faultrule.h -- the grammar of the fault shim's rules, in one place.
 *
 * The shim (fault.c) parses SOCKCONF_FAULT_FAIL and SOCKCONF_FAULT_RULES with
 * it; the harness checks a case's declared rules with the same code, through
 * libsockconf-faultrule.so (sockconf_fault_check, called with ctypes), so the
 * grammar is written once. The grammar itself is described in fault.c.
 */

#ifndef SOCKCONF_FAULTRULE_H
#define SOCKCONF_FAULTRULE_H

#include <stddef.h>

#define FAULT_RULE_MAX 128	/* characters of one rule, with its NUL */
#define FAULT_WHY_MAX 200	/* a parse error's text, with its NUL */

/* Qualifier words: the conditions a rule puts on the calls it matches. */
enum {
    FQ_INET = 1u << 0, FQ_INET6 = 1u << 1,
    FQ_FLAGS = 1u << 2,
    FQ_REUSEADDR = 1u << 3, FQ_V6ONLY = 1u << 4, FQ_ERROR = 1u << 5,
    FQ_GETFL = 1u << 6, FQ_SETFL = 1u << 7, FQ_GETFD = 1u << 8, FQ_SETFD = 1u << 9,
    FQ_PASSIVE = 1u << 10,
    FQ_CLIENT = 1u << 11, FQ_ACCEPTED = 1u << 12, FQ_LISTENER = 1u << 13
};

#define FQ_FAMILY (FQ_INET | FQ_INET6)
#define FQ_ROLE (FQ_CLIENT | FQ_ACCEPTED | FQ_LISTENER)

/* What a due rule does to the call. */
enum {
    FA_ERRNO,		/* fail with errno value */
    FA_EAI,		/* getaddrinfo: return EAI_ code value */
    FA_SYNC,		/* connect: wait for the outcome within the call */
    FA_SHORT,		/* data calls: move at most value bytes */
    FA_DELAY		/* sleep value milliseconds, then make the call */
};

/* The calls a rule can name (index into faultCalls). */
enum {
    FC_SOCKET, FC_BIND, FC_LISTEN, FC_ACCEPT, FC_ACCEPT4, FC_CONNECT,
    FC_GETSOCKNAME, FC_GETPEERNAME, FC_GETSOCKOPT, FC_SETSOCKOPT, FC_FCNTL,
    FC_POLL, FC_GETADDRINFO,
    FC_SEND, FC_SENDTO, FC_SENDMSG, FC_WRITE, FC_WRITEV,
    FC_RECV, FC_RECVFROM, FC_RECVMSG, FC_READ, FC_READV,
    FC_OUTPUT, FC_INPUT,	/* rule names only: any output or input call */
    FC_COUNT
};

#define FC_IS_DATA(c) ((c) >= FC_SEND)
#define FC_IS_OUTPUT(c) ((c) >= FC_SEND && (c) <= FC_WRITEV)
#define FC_IS_INPUT(c) ((c) >= FC_RECV && (c) <= FC_READV)

/* Does a rule naming call r apply to the call c a program made? */
#define FC_NAMES(r, c) ((r) == (c) || ((r) == FC_OUTPUT && FC_IS_OUTPUT(c)) \
	|| ((r) == FC_INPUT && FC_IS_INPUT(c)))

typedef struct FaultCall {
    const char *name;
    unsigned quals;		/* the qualifier words this call answers to */
} FaultCall;

extern const FaultCall faultCalls[FC_COUNT];

/* One parsed rule. */
typedef struct FaultRule {
    char text[FAULT_RULE_MAX];	/* as written */
    int call;			/* FC_ */
    unsigned quals;		/* FQ_ bits that must all hold */
    int action;			/* FA_ */
    long value;			/* errno, EAI_ code, bytes or milliseconds */
    unsigned long count;	/* injections at most (0: no limit) */
    unsigned long skip;		/* matching calls let through first */
    unsigned long long bytes;	/* data calls: bytes let through first */
    int percent;		/* chance of acting when due, 1..100 */
    int group;			/* 0, 1, ...: groups are separated by ';' */
} FaultRule;

/*
 * Find the next rule of a rule list: returns its start (NULL at the end),
 * sets *lenPtr to its length and *groupPtr to its group (counting the ';'
 * passed so far, from the value *groupPtr had).
 */
const char *FaultNextRule(const char *p, size_t *lenPtr, int *groupPtr);

/* Parse one rule (n characters at s): 0, or -1 with a reason in why. */
int FaultParseRule(const char *s, size_t n, FaultRule *rule, char *why,
	size_t whyLen);

/* The name of an errno or EAI_ value, for reports ("" when unknown). */
const char *FaultValueName(int action, long value);

/*
 * Check a whole rule list: 0 when every rule is well formed, else -1 with
 * "RULE: what is wrong" in why. Exported for the harness (ctypes).
 */
int sockconf_fault_check(const char *spec, char *why, size_t whyLen);

#endif /* SOCKCONF_FAULTRULE_H */
