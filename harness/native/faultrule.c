/*
 * faultrule.c -- parse and check the fault shim's rules (faultrule.h).
 *
 * A rule:  CALL[/QUALIFIER]...:ACTION[:COUNT][:OPTION=N]...
 * Rules are separated by spaces, tabs or commas; ';' separates groups (the
 * harness proves that every group fired). fault.c says what every word does;
 * this file only knows which words exist and which call takes which.
 */

#define _GNU_SOURCE 1

#include "faultrule.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#define DATA_QUALS (FQ_FAMILY | FQ_ROLE)
#define FD_QUALS (FQ_FAMILY | FQ_ROLE)

const FaultCall faultCalls[FC_COUNT] = {
    [FC_SOCKET] = {"socket", FQ_FAMILY | FQ_FLAGS},
    [FC_BIND] = {"bind", FD_QUALS},
    [FC_LISTEN] = {"listen", FD_QUALS},
    [FC_ACCEPT] = {"accept", FD_QUALS},
    [FC_ACCEPT4] = {"accept4", FD_QUALS},
    [FC_CONNECT] = {"connect", FD_QUALS},
    [FC_GETSOCKNAME] = {"getsockname", FD_QUALS},
    [FC_GETPEERNAME] = {"getpeername", FD_QUALS},
    [FC_GETSOCKOPT] = {"getsockopt",
	FD_QUALS | FQ_REUSEADDR | FQ_V6ONLY | FQ_ERROR},
    [FC_SETSOCKOPT] = {"setsockopt",
	FD_QUALS | FQ_REUSEADDR | FQ_V6ONLY | FQ_ERROR},
    [FC_FCNTL] = {"fcntl",
	FD_QUALS | FQ_GETFL | FQ_SETFL | FQ_GETFD | FQ_SETFD},
    [FC_POLL] = {"poll", 0},
    [FC_GETADDRINFO] = {"getaddrinfo", FQ_PASSIVE},
    [FC_SEND] = {"send", DATA_QUALS},
    [FC_SENDTO] = {"sendto", DATA_QUALS},
    [FC_SENDMSG] = {"sendmsg", DATA_QUALS},
    [FC_WRITE] = {"write", DATA_QUALS},
    [FC_WRITEV] = {"writev", DATA_QUALS},
    [FC_RECV] = {"recv", DATA_QUALS},
    [FC_RECVFROM] = {"recvfrom", DATA_QUALS},
    [FC_RECVMSG] = {"recvmsg", DATA_QUALS},
    [FC_READ] = {"read", DATA_QUALS},
    [FC_READV] = {"readv", DATA_QUALS},
    [FC_OUTPUT] = {"output", DATA_QUALS},
    [FC_INPUT] = {"input", DATA_QUALS},
};

static const struct { const char *name; unsigned bit; } qualifiers[] = {
    {"inet", FQ_INET}, {"inet6", FQ_INET6}, {"flags", FQ_FLAGS},
    {"reuseaddr", FQ_REUSEADDR}, {"v6only", FQ_V6ONLY}, {"error", FQ_ERROR},
    {"getfl", FQ_GETFL}, {"setfl", FQ_SETFL}, {"getfd", FQ_GETFD},
    {"setfd", FQ_SETFD}, {"passive", FQ_PASSIVE}, {"client", FQ_CLIENT},
    {"accepted", FQ_ACCEPTED}, {"listener", FQ_LISTENER},
};

/* Qualifiers of one kind exclude each other: a call has one of each. */
static const unsigned exclusive[] = {
    FQ_FAMILY, FQ_ROLE, FQ_REUSEADDR | FQ_V6ONLY | FQ_ERROR,
    FQ_GETFL | FQ_SETFL | FQ_GETFD | FQ_SETFD,
};

static const struct { const char *name; int value; } errnos[] = {
    {"EACCES", EACCES}, {"EADDRINUSE", EADDRINUSE},
    {"EADDRNOTAVAIL", EADDRNOTAVAIL}, {"EAFNOSUPPORT", EAFNOSUPPORT},
    {"EAGAIN", EAGAIN}, {"EALREADY", EALREADY}, {"EBADF", EBADF},
    {"ECONNABORTED", ECONNABORTED}, {"ECONNREFUSED", ECONNREFUSED},
    {"ECONNRESET", ECONNRESET}, {"EHOSTUNREACH", EHOSTUNREACH},
    {"EINPROGRESS", EINPROGRESS}, {"EINTR", EINTR}, {"EINVAL", EINVAL},
    {"EIO", EIO}, {"EISCONN", EISCONN}, {"EMFILE", EMFILE},
    {"ENETDOWN", ENETDOWN}, {"ENETUNREACH", ENETUNREACH},
    {"ENFILE", ENFILE}, {"ENOBUFS", ENOBUFS}, {"ENOMEM", ENOMEM},
    {"ENOPROTOOPT", ENOPROTOOPT}, {"ENOSYS", ENOSYS},
    {"ENOTCONN", ENOTCONN}, {"ENOTSOCK", ENOTSOCK},
    {"EOPNOTSUPP", EOPNOTSUPP}, {"EPERM", EPERM}, {"EPIPE", EPIPE},
    {"EPROTO", EPROTO}, {"EPROTONOSUPPORT", EPROTONOSUPPORT},
    {"ETIMEDOUT", ETIMEDOUT}, {"EWOULDBLOCK", EWOULDBLOCK},
};

static const struct { const char *name; int value; } eais[] = {
    {"EAI_AGAIN", EAI_AGAIN}, {"EAI_FAIL", EAI_FAIL},
    {"EAI_MEMORY", EAI_MEMORY}, {"EAI_NONAME", EAI_NONAME},
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])
#define MAX_NUMBER 1000000000UL	/* counts, skips, bytes, lengths */
#define MAX_DELAY_MS 60000L

static int
is_sep(int c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '\n';
}

const char *
FaultNextRule(const char *p, size_t *lenPtr, int *groupPtr)
{
    size_t n;

    while (*p != '\0' && (is_sep((unsigned char) *p) || *p == ';')) {
	if (*p == ';') {
	    (*groupPtr)++;
	}
	p++;
    }
    if (*p == '\0') {
	return NULL;
    }
    for (n = 0; p[n] != '\0' && !is_sep((unsigned char) p[n]) && p[n] != ';';
	    n++) {
	/* the rule runs to the next separator */
    }
    *lenPtr = n;
    return p;
}

/* Is the word (n characters at s) the string want? */
static int
word_is(const char *s, size_t n, const char *want)
{
    return strlen(want) == n && strncmp(s, want, n) == 0;
}

/* A decimal number without sign of at most max; -1 when it is not one. */
static long long
number(const char *s, size_t n, unsigned long max)
{
    unsigned long long v = 0;
    size_t i;

    if (n == 0 || n > 10) {
	return -1;
    }
    for (i = 0; i < n; i++) {
	if (s[i] < '0' || s[i] > '9') {
	    return -1;
	}
	v = v * 10 + (unsigned long long) (s[i] - '0');
    }
    return v > max ? -1 : (long long) v;
}

static int
fail(char *why, size_t whyLen, const char *rule, size_t n, const char *what)
{
    snprintf(why, whyLen, "%.*s: %s", (int) (n < 100 ? n : 100), rule, what);
    return -1;
}

const char *
FaultValueName(int action, long value)
{
    size_t i;

    if (action == FA_EAI) {
	for (i = 0; i < COUNT(eais); i++) {
	    if (eais[i].value == value) {
		return eais[i].name;
	    }
	}
    } else if (action == FA_ERRNO) {
	for (i = 0; i < COUNT(errnos); i++) {
	    if (errnos[i].value == value) {
		return errnos[i].name;
	    }
	}
    }
    return "";
}

/* Parse the ACTION word (n characters at s) for call. */
static int
parse_action(FaultRule *rule, const char *s, size_t n, const char *text,
	size_t textLen, char *why, size_t whyLen)
{
    const char *eq = memchr(s, '=', n);
    size_t i;
    char msg[FAULT_WHY_MAX];

    if (eq != NULL) {
	size_t kn = (size_t) (eq - s);
	long long v;

	if (word_is(s, kn, "SHORT")) {
	    if (!FC_IS_DATA(rule->call)) {
		snprintf(msg, sizeof msg, "SHORT applies to data calls (send, "
			"sendto, sendmsg, write, writev, output, recv, "
			"recvfrom, recvmsg, read, readv, input), not %s",
			faultCalls[rule->call].name);
		return fail(why, whyLen, text, textLen, msg);
	    }
	    v = number(eq + 1, n - kn - 1, MAX_NUMBER);
	    if (v < 1) {
		return fail(why, whyLen, text, textLen,
			"SHORT=N needs a byte count N from 1 to 1000000000");
	    }
	    rule->action = FA_SHORT;
	    rule->value = (long) v;
	    return 0;
	}
	if (word_is(s, kn, "DELAY")) {
	    v = number(eq + 1, n - kn - 1, (unsigned long) MAX_DELAY_MS);
	    if (v < 1) {
		return fail(why, whyLen, text, textLen,
			"DELAY=MS needs milliseconds from 1 to 60000");
	    }
	    rule->action = FA_DELAY;
	    rule->value = (long) v;
	    return 0;
	}
	snprintf(msg, sizeof msg, "unknown action '%.*s' (an errno name, "
		"SHORT=N, DELAY=MS%s)", (int) (kn < 40 ? kn : 40), s,
		rule->call == FC_CONNECT ? ", SYNC" : "");
	return fail(why, whyLen, text, textLen, msg);
    }
    if (word_is(s, n, "SYNC")) {
	if (rule->call != FC_CONNECT) {
	    return fail(why, whyLen, text, textLen, "SYNC applies to connect only");
	}
	rule->action = FA_SYNC;
	return 0;
    }
    for (i = 0; i < COUNT(eais); i++) {
	if (word_is(s, n, eais[i].name)) {
	    if (rule->call != FC_GETADDRINFO) {
		return fail(why, whyLen, text, textLen,
			"EAI_ codes apply to getaddrinfo only");
	    }
	    rule->action = FA_EAI;
	    rule->value = eais[i].value;
	    return 0;
	}
    }
    for (i = 0; i < COUNT(errnos); i++) {
	if (word_is(s, n, errnos[i].name)) {
	    rule->action = FA_ERRNO;
	    rule->value = errnos[i].value;
	    return 0;
	}
    }
    snprintf(msg, sizeof msg, "unknown action '%.*s' (an errno name such as "
	    "EMFILE, SHORT=N, DELAY=MS%s%s)", (int) (n < 40 ? n : 40), s,
	    rule->call == FC_CONNECT ? ", SYNC" : "",
	    rule->call == FC_GETADDRINFO ? ", an EAI_ code" : "");
    return fail(why, whyLen, text, textLen, msg);
}

/* Parse one word after the action: COUNT or KEY=N. */
static int
parse_option(FaultRule *rule, const char *s, size_t n, int *haveCount,
	const char *text, size_t textLen, char *why, size_t whyLen)
{
    const char *eq = memchr(s, '=', n);
    long long v;
    size_t kn;

    if (eq == NULL) {
	if (*haveCount) {
	    return fail(why, whyLen, text, textLen, "COUNT is given twice");
	}
	v = number(s, n, MAX_NUMBER);
	if (v < 1) {
	    return fail(why, whyLen, text, textLen,
		    "COUNT must be a number from 1 to 1000000000 (or leave it "
		    "out for no limit)");
	}
	*haveCount = 1;
	rule->count = (unsigned long) v;
	return 0;
    }
    kn = (size_t) (eq - s);
    v = number(eq + 1, n - kn - 1, MAX_NUMBER);
    if (word_is(s, kn, "skip")) {
	if (v < 1) {
	    return fail(why, whyLen, text, textLen,
		    "skip=N needs a number of calls from 1 to 1000000000");
	}
	rule->skip = (unsigned long) v;
	return 0;
    }
    if (word_is(s, kn, "bytes")) {
	if (!FC_IS_DATA(rule->call)) {
	    return fail(why, whyLen, text, textLen,
		    "bytes=N applies to data calls only");
	}
	if (v < 1) {
	    return fail(why, whyLen, text, textLen,
		    "bytes=N needs a number of bytes from 1 to 1000000000");
	}
	rule->bytes = (unsigned long long) v;
	return 0;
    }
    if (word_is(s, kn, "p")) {
	if (v < 1 || v > 100) {
	    return fail(why, whyLen, text, textLen,
		    "p=N needs a percentage from 1 to 100");
	}
	rule->percent = (int) v;
	return 0;
    }
    return fail(why, whyLen, text, textLen,
	    "unknown option (COUNT, skip=N, bytes=N or p=N)");
}

int
FaultParseRule(const char *s, size_t n, FaultRule *rule, char *why,
	size_t whyLen)
{
    const char *end = s + n, *colon, *p, *w;
    size_t len, i;
    int haveCount = 0;
    char msg[FAULT_WHY_MAX];

    memset(rule, 0, sizeof *rule);
    rule->percent = 100;
    if (n >= FAULT_RULE_MAX) {
	return fail(why, whyLen, s, n, "a rule has at most 127 characters");
    }
    memcpy(rule->text, s, n);
    rule->text[n] = '\0';
    colon = memchr(s, ':', n);
    if (colon == NULL) {
	return fail(why, whyLen, s, n, "a rule is CALL[/QUALIFIER]...:ACTION"
		"[:COUNT][:OPTION=N]...");
    }
    for (len = 0; s + len < colon && s[len] != '/'; len++) {
	/* the call name runs to the first '/' or ':' */
    }
    rule->call = -1;
    for (i = 0; i < FC_COUNT; i++) {
	if (word_is(s, len, faultCalls[i].name)) {
	    rule->call = (int) i;
	}
    }
    if (rule->call < 0) {
	snprintf(msg, sizeof msg, "unknown call '%.*s'",
		(int) (len < 40 ? len : 40), s);
	return fail(why, whyLen, s, n, msg);
    }
    for (p = s + len; p < colon; p = w) {
	unsigned bit = 0;

	p++;			/* the '/' */
	for (w = p; w < colon && *w != '/'; w++) {
	    /* one qualifier */
	}
	for (i = 0; i < COUNT(qualifiers); i++) {
	    if (word_is(p, (size_t) (w - p), qualifiers[i].name)) {
		bit = qualifiers[i].bit;
	    }
	}
	if (bit == 0 || !(faultCalls[rule->call].quals & bit)) {
	    snprintf(msg, sizeof msg, "%s qualifier '%.*s' for %s",
		    bit == 0 ? "unknown" : "inapplicable", (int) (w - p < 40 ?
		    w - p : 40), p, faultCalls[rule->call].name);
	    return fail(why, whyLen, s, n, msg);
	}
	if (rule->quals & bit) {
	    return fail(why, whyLen, s, n, "a qualifier is given twice");
	}
	for (i = 0; i < COUNT(exclusive); i++) {
	    if ((exclusive[i] & bit) && (rule->quals & exclusive[i])) {
		return fail(why, whyLen, s, n,
			"two qualifiers of one kind exclude each other");
	    }
	}
	rule->quals |= bit;
    }
    p = colon + 1;
    w = memchr(p, ':', (size_t) (end - p));
    if (w == NULL) {
	w = end;
    }
    if (w == p) {
	return fail(why, whyLen, s, n, "the ACTION is missing");
    }
    if (parse_action(rule, p, (size_t) (w - p), s, n, why, whyLen) < 0) {
	return -1;
    }
    while (w < end) {
	p = w + 1;
	w = memchr(p, ':', (size_t) (end - p));
	if (w == NULL) {
	    w = end;
	}
	if (w == p) {
	    return fail(why, whyLen, s, n, "an empty word between ':'");
	}
	if (parse_option(rule, p, (size_t) (w - p), &haveCount, s, n, why,
		whyLen) < 0) {
	    return -1;
	}
    }
    return 0;
}

int
sockconf_fault_check(const char *spec, char *why, size_t whyLen)
{
    const char *p = spec;
    size_t n;
    int group = 0, rules = 0;
    FaultRule rule;

    if (why != NULL && whyLen > 0) {
	why[0] = '\0';
    }
    while ((p = FaultNextRule(p, &n, &group)) != NULL) {
	if (FaultParseRule(p, n, &rule, why, whyLen) < 0) {
	    return -1;
	}
	rules++;
	p += n;
    }
    if (rules == 0) {
	snprintf(why, whyLen, "no rule given");
	return -1;
    }
    return 0;
}
