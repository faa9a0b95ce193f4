/* ossemu_client.h: the C tests' minimal HTTP/1.0 client for the local ossemu server (its admin
 * endpoint, and anonymous HEAD/GET of objects), plus a one-shot callback server. Loopback only. */
#ifndef OSSRESUME_TESTS_OSSEMU_CLIENT_H
#define OSSRESUME_TESTS_OSSEMU_CLIENT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ossemu_port reads the port of OSSEMU_URL ("http://127.0.0.1:PORT"); 0 when unset. */
static inline int ossemu_port(void)
{
    const char *url = getenv("OSSEMU_URL");
    const char *colon = url != NULL ? strrchr(url, ':') : NULL;
    return colon != NULL ? atoi(colon + 1) : 0;
}

static inline int connect_loopback(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

/* http_do sends one request to ossemu and returns the HTTP status (-1 on failure); the whole
 * response, headers included, goes to a malloc'd *out (NUL-terminated) when out is not NULL. */
static inline int http_do(const char *method, const char *path, const char *body, char **out)
{
    int fd = connect_loopback(ossemu_port());
    if (fd < 0) {
        return -1;
    }
    char head[1024];
    size_t blen = body != NULL ? strlen(body) : 0;
    int n = snprintf(head, sizeof(head),
            "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: %zu\r\n\r\n", method, path, blen);
    if (write(fd, head, (size_t)n) != n || (blen > 0 && write(fd, body, blen) != (ssize_t)blen)) {
        close(fd);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ssize_t r;
    while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    close(fd);
    buf[len] = '\0';
    int status = -1;
    sscanf(buf, "HTTP/%*s %d", &status);
    if (out != NULL) {
        *out = buf;
    } else {
        free(buf);
    }
    return status;
}

/* count_substr counts the occurrences of needle in hay. */
static inline int count_substr(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
        n++;
    }
    return n;
}

/* A callback server: accepts one connection on a loopback port, reads the request and answers
 * 200 with a fixed JSON body, as an application server answering OSS's upload callback. */
struct callback_server {
    int fd;
    int port;
    pthread_t thread;
    char request[8192];
};

static void *callback_serve(void *arg)
{
    struct callback_server *cs = arg;
    int c = accept(cs->fd, NULL, NULL);
    if (c < 0) {
        return NULL;
    }
    size_t len = 0;
    ssize_t r;
    /* Read the request head and as much body as arrives with it. */
    while (len < sizeof(cs->request) - 1 &&
           (r = read(c, cs->request + len, sizeof(cs->request) - 1 - len)) > 0) {
        len += (size_t)r;
        cs->request[len] = '\0';
        char *end = strstr(cs->request, "\r\n\r\n");
        const char *cl = strstr(cs->request, "Content-Length: ");
        if (end != NULL && (cl == NULL || (size_t)(end + 4 - cs->request) + (size_t)atoi(cl + 16) <= len)) {
            break;
        }
    }
    static const char reply[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
        "Connection: close\r\n\r\n{\"Status\":\"OK\"}";
    if (write(c, reply, sizeof(reply) - 1) < 0) {
        perror("callback write");
    }
    close(c);
    return NULL;
}

static inline int callback_server_start(struct callback_server *cs)
{
    memset(cs, 0, sizeof(*cs));
    cs->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof(a);
    if (cs->fd < 0 || bind(cs->fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(cs->fd, 1) != 0 || getsockname(cs->fd, (struct sockaddr *)&a, &alen) != 0) {
        return -1;
    }
    cs->port = ntohs(a.sin_port);
    return pthread_create(&cs->thread, NULL, callback_serve, cs);
}

static inline void callback_server_stop(struct callback_server *cs)
{
    shutdown(cs->fd, SHUT_RDWR);
    pthread_join(cs->thread, NULL);
    close(cs->fd);
}

#endif
