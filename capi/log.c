// The log: a level, a formatter and a printer, as the official SDK's.

#include "bridge.h"

#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

aos_log_level_e aos_log_level = AOS_LOG_WARN;
aos_log_format_pt aos_log_format = aos_log_format_default;
aos_log_print_pt aos_log_print = aos_log_print_default;

static FILE *log_output;

void aos_log_set_level(aos_log_level_e level)
{
    aos_log_level = level;
}

void aos_log_set_output(apr_file_t *output)
{
    log_output = output;
}

void aos_log_set_print(aos_log_print_pt p)
{
    aos_log_print = p != NULL ? p : aos_log_print_default;
}

void aos_log_set_format(aos_log_format_pt p)
{
    aos_log_format = p != NULL ? p : aos_log_format_default;
}

void aos_log_print_default(const char *message, int len)
{
    FILE *out = log_output != NULL ? log_output : stderr;
    fwrite(message, 1, (size_t)len, out);
    fflush(out);
}

void aos_log_format_default(int level, const char *file, int line, const char *function,
                            const char *fmt, ...)
{
    (void)level;
    (void)function;
    char buf[4096];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t secs = tv.tv_sec;
    struct tm tm;
    localtime_r(&secs, &tm);
    int n = snprintf(buf, sizeof(buf), "[%04d-%02d-%02d %02d:%02d:%02d.%03d] %ld %s:%d ",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
            (int)(tv.tv_usec / 1000), (long)syscall(SYS_gettid), file != NULL ? file : "?", line);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof(buf) - 1 && fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
        va_end(ap);
        if (m > 0) {
            n += m;
        }
    }
    if ((size_t)n > sizeof(buf) - 2) {
        n = (int)sizeof(buf) - 2;
    }
    buf[n++] = '\n';
    buf[n] = '\0';
    aos_log_print(buf, n);
}

void ossr_log_warn(const char *msg)
{
    aos_warn_log("%s", msg != NULL ? msg : "");
}
