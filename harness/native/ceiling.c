/*
 * ceiling.c -- sockconf-ceiling, the C ceiling of `make bench`.
 *
 * The same work the Tcl benchmarks (harness/tcl/bench.tcl) do, written with
 * plain socket/send/recv/poll calls and nothing else, so the figures are the
 * limit this machine and kernel set: what a Tcl implementation could reach
 * if its own code cost nothing. Only 127.0.0.1 is used.
 *
 *   sockconf-ceiling transfer TOTAL BLOCK   a child process sends TOTAL bytes
 *                                           in BLOCK-byte send() calls; this
 *                                           one receives them with BLOCK-byte
 *                                           recv() calls
 *   sockconf-ceiling accept N               N sequential rounds of connect,
 *                                           accept, close, close
 *   sockconf-ceiling latency N              N non-blocking connects, each
 *                                           timed until poll() says writable
 *   sockconf-ceiling hold N                 listen on 127.0.0.1, print the
 *                                           port, accept and keep up to N
 *                                           connections (until killed, at
 *                                           most 300 s)
 *   sockconf-ceiling connect N PORT         open N connections to PORT and
 *                                           keep them; report this process's
 *                                           resident size before and after
 *   sockconf-ceiling spawn N PROG ARG...    start PROG N times (standard
 *                                           streams on /dev/null) and time
 *                                           each run
 *
 * Output is one line of KEY VALUE pairs on stdout, e.g.
 * "bytes 268435456 us 81234". Exit status 0, or 1 with one line on stderr.
 */

#define _GNU_SOURCE 1   /* accept4 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/*
 * Fail --
 *	One line on stderr naming what failed and why; ends the process.
 */

static void
Fail(const char *what)
{
    fprintf(stderr, "sockconf-ceiling: %s: %s\n", what, strerror(errno));
    exit(1);
}

/*
 * NowUs --
 *	A monotonic clock in microseconds.
 */

static long long
NowUs(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Loopback --
 *	A new TCP socket; *sinPtr is set to 127.0.0.1:port.
 */

static int
Loopback(struct sockaddr_in *sinPtr, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
	Fail("socket");
    }
    memset(sinPtr, 0, sizeof(*sinPtr));
    sinPtr->sin_family = AF_INET;
    sinPtr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sinPtr->sin_port = htons((unsigned short) port);
    return fd;
}

/*
 * Listener --
 *	A listening socket on 127.0.0.1 with a port chosen by the system;
 *	*portPtr gets the port.
 */

static int
Listener(int *portPtr)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int fd = Loopback(&sin, 0);

    if (bind(fd, (struct sockaddr *) &sin, sizeof(sin)) < 0) {
	Fail("bind");
    }
    if (listen(fd, SOMAXCONN) < 0) {
	Fail("listen");
    }
    if (getsockname(fd, (struct sockaddr *) &sin, &len) < 0) {
	Fail("getsockname");
    }
    *portPtr = ntohs(sin.sin_port);
    return fd;
}

/*
 * Connect --
 *	A connected (blocking) socket to 127.0.0.1:port.
 */

static int
Connect(int port)
{
    struct sockaddr_in sin;
    int fd = Loopback(&sin, port);

    if (connect(fd, (struct sockaddr *) &sin, sizeof(sin)) < 0) {
	Fail("connect");
    }
    return fd;
}

/*
 * Accept --
 *	accept(), retried on EINTR.
 */

static int
Accept(int lfd)
{
    int fd;

    do {
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
	Fail("accept");
    }
    return fd;
}

static int
CompareLong(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;

    return (x > y) - (x < y);
}

/*
 * PrintSamples --
 *	Sorts the samples and prints their median, minimum and maximum.
 */

static void
PrintSamples(long long *samples, long n)
{
    qsort(samples, (size_t) n, sizeof(*samples), CompareLong);
    printf("count %ld median_us %.1f min_us %lld max_us %lld\n", n,
	    (n % 2) ? (double) samples[n / 2]
	    : (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
	    samples[0], samples[n - 1]);
}

/*
 * Transfer --
 *	TOTAL bytes from a child process to this one over loopback, both
 *	sides using BLOCK-byte calls. The time runs from accept to end of
 *	file, as in bench.tcl.
 */

static int
Transfer(long long total, long block)
{
    char *buf = malloc((size_t) block);
    int port, lfd = Listener(&port), fd, status;
    long long got = 0, t0;
    ssize_t n;
    pid_t pid;

    if (buf == NULL) {
	Fail("malloc");
    }
    memset(buf, 'x', (size_t) block);
    pid = fork();
    if (pid < 0) {
	Fail("fork");
    }
    if (pid == 0) {
	long long sent = 0;

	close(lfd);
	fd = Connect(port);
	while (sent < total) {
	    n = send(fd, buf, (size_t) block, MSG_NOSIGNAL);
	    if (n < 0 && errno == EINTR) {
		continue;
	    }
	    if (n < 0) {
		Fail("send");
	    }
	    sent += n;
	}
	close(fd);
	_exit(0);
    }
    fd = Accept(lfd);
    t0 = NowUs();
    for (;;) {
	n = recv(fd, buf, (size_t) block, 0);
	if (n < 0 && errno == EINTR) {
	    continue;
	}
	if (n < 0) {
	    Fail("recv");
	}
	if (n == 0) {
	    break;
	}
	got += n;
    }
    printf("bytes %lld us %lld\n", got, NowUs() - t0);
    close(fd);
    close(lfd);
    waitpid(pid, &status, 0);
    free(buf);
    return (got == total && WIFEXITED(status) && WEXITSTATUS(status) == 0)
	    ? 0 : 1;
}

/*
 * AcceptLoop --
 *	N sequential rounds: connect, accept, close the client, close the
 *	accepted socket.
 */

static int
AcceptLoop(long n)
{
    int port, lfd = Listener(&port);
    long i;
    long long t0 = NowUs();

    for (i = 0; i < n; i++) {
	int c = Connect(port), a = Accept(lfd);

	close(c);
	close(a);
    }
    printf("count %ld us %lld\n", n, NowUs() - t0);
    close(lfd);
    return 0;
}

/*
 * Latency --
 *	N non-blocking connects, each timed from socket() until poll()
 *	reports the socket writable; prints the median, minimum and maximum.
 */

static int
Latency(long n)
{
    int port, lfd = Listener(&port);
    long long *samples = calloc((size_t) n, sizeof(long long));
    struct sockaddr_in sin;
    long i;

    if (samples == NULL) {
	Fail("calloc");
    }
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((unsigned short) port);
    for (i = 0; i < n; i++) {
	long long t0 = NowUs();
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		0);
	struct pollfd pfd;

	if (fd < 0) {
	    Fail("socket");
	}
	if (connect(fd, (struct sockaddr *) &sin, sizeof(sin)) < 0
		&& errno != EINPROGRESS) {
	    Fail("connect");
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	while (poll(&pfd, 1, -1) < 0) {
	    if (errno != EINTR) {
		Fail("poll");
	    }
	}
	samples[i] = NowUs() - t0;
	close(Accept(lfd));
	close(fd);
    }
    PrintSamples(samples, n);
    free(samples);
    close(lfd);
    return 0;
}

/*
 * Hold --
 *	A server that accepts up to N connections and keeps them open, for
 *	the memory benchmark's clients. Prints "port P" first.
 */

static int
Hold(long n)
{
    int port, lfd = Listener(&port);
    long i;

    printf("port %d\n", port);
    fflush(stdout);
    alarm(300);
    for (i = 0; i < n; i++) {
	(void) Accept(lfd);
    }
    for (;;) {
	pause();
    }
    return 0;
}

/*
 * RssKb --
 *	This process's resident set size in KiB (VmRSS of /proc/self/status).
 */

static long
RssKb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");

    if (f == NULL) {
	Fail("/proc/self/status");
    }
    while (fgets(line, sizeof(line), f) != NULL) {
	if (strncmp(line, "VmRSS:", 6) == 0) {
	    kb = strtol(line + 6, NULL, 10);
	}
    }
    fclose(f);
    return kb;
}

/*
 * ConnectHold --
 *	Opens N connections to 127.0.0.1:port and keeps them; prints the
 *	resident size before and after, as bench.tcl does for Tcl.
 */

static int
ConnectHold(long n, int port)
{
    int *fds = calloc((size_t) n, sizeof(int));
    long before, i;

    if (fds == NULL) {
	Fail("calloc");
    }
    close(Connect(port));	/* Warm up, as bench.tcl does. */
    before = RssKb();
    for (i = 0; i < n; i++) {
	fds[i] = Connect(port);
    }
    printf("count %ld rss_before_kb %ld rss_after_kb %ld\n", n, before,
	    RssKb());
    return 0;
}

/*
 * Spawn --
 *	Starts argv N times, one after the other, with standard streams on
 *	/dev/null, and times each run from spawn to exit.
 */

static int
Spawn(long n, char **argv)
{
    long long *samples = calloc((size_t) n, sizeof(long long));
    posix_spawn_file_actions_t fa;
    long i;

    if (samples == NULL) {
	Fail("calloc");
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    for (i = 0; i < n; i++) {
	long long t0 = NowUs();
	pid_t pid;
	int status, rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv,
		environ);

	if (rc != 0) {
	    errno = rc;
	    Fail(argv[0]);
	}
	while (waitpid(pid, &status, 0) < 0) {
	    if (errno != EINTR) {
		Fail("waitpid");
	    }
	}
	samples[i] = NowUs() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
	    fprintf(stderr, "sockconf-ceiling: %s did not exit with status 0\n",
		    argv[0]);
	    return 1;
	}
    }
    PrintSamples(samples, n);
    return 0;
}

static long
Count(const char *text)
{
    char *end;
    long n = strtol(text, &end, 10);

    if (*end != '\0' || n <= 0) {
	fprintf(stderr, "sockconf-ceiling: not a positive count: %s\n", text);
	exit(1);
    }
    return n;
}

int
main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && strcmp(argv[1], "transfer") == 0) {
	return Transfer(Count(argv[2]), Count(argv[3]));
    }
    if (argc == 3 && strcmp(argv[1], "accept") == 0) {
	return AcceptLoop(Count(argv[2]));
    }
    if (argc == 3 && strcmp(argv[1], "latency") == 0) {
	return Latency(Count(argv[2]));
    }
    if (argc == 3 && strcmp(argv[1], "hold") == 0) {
	return Hold(Count(argv[2]));
    }
    if (argc == 4 && strcmp(argv[1], "connect") == 0) {
	return ConnectHold(Count(argv[2]), (int) Count(argv[3]));
    }
    if (argc >= 4 && strcmp(argv[1], "spawn") == 0) {
	return Spawn(Count(argv[2]), argv + 3);
    }
    fprintf(stderr, "usage: sockconf-ceiling transfer TOTAL BLOCK | accept N"
	    " | latency N | hold N | connect N PORT | spawn N PROG ARG...\n");
    return 2;
}
