/* oss-download: fetches one object from OSS into a file, resumably, through the C SDK-compatible
 * API (oss_resumable_download_file): the sibling of oss-upload, with the same flags.
 *
 *   oss-download [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES] [--threads N]
 *                [--checkpoint PATH | --no-checkpoint] oss://BUCKET/KEY FILE
 *
 * Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN; the
 * endpoint and region default to OSS_ENDPOINT and OSS_REGION. Progress is a bar on a terminal
 * and plain lines otherwise. Ctrl-C stops the download cleanly, keeping the checkpoint
 * (FILE.dcp) and the temporary file (FILE.tmp), so the same command resumes it; FILE itself
 * appears only whole and checked. Exit status: 0 when FILE is in place (its CRC-64 verified
 * when the server sent one), 1 when the download failed, 2 for bad usage, 130 when
 * interrupted. */
#define _GNU_SOURCE
#include "oss_api.h"
#include "aos_http_io.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct progress {
    int tty;
    double started;
    int64_t first;     /* consumed at the first call: what an earlier run had fetched */
    int64_t last_line; /* consumed at the last plain line */
    int calls;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_progress(int64_t consumed, int64_t total, void *user_data)
{
    struct progress *p = user_data;
    if (p->calls++ == 0) {
        p->first = consumed;
    }
    double pct = total > 0 ? 100.0 * (double)consumed / (double)total : 100.0;
    double secs = now_seconds() - p->started;
    /* The rate counts this run's bytes only: resumed ranges were not fetched now. */
    double rate = secs > 0 ? (double)(consumed - p->first) / secs / (1024.0 * 1024.0) : 0;
    if (p->tty) {
        char bar[31];
        int fill = (int)(pct * 30 / 100);
        for (int i = 0; i < 30; i++) {
            bar[i] = i < fill ? '#' : '.';
        }
        bar[30] = '\0';
        fprintf(stderr, "\r[%s] %5.1f%%  %.1f / %.1f MiB  %.1f MiB/s ", bar, pct,
                (double)consumed / 1048576.0, (double)total / 1048576.0, rate);
        if (consumed == total) {
            fputc('\n', stderr);
        }
    } else if (p->calls == 1 || consumed == total || consumed - p->last_line >= total / 20) {
        /* About twenty lines per download, whatever its size; the first shows where it began. */
        fprintf(stderr, "progress %" PRId64 "/%" PRId64 " bytes (%.0f%%)\n", consumed, total, pct);
        p->last_line = consumed;
    }
    return interrupted ? 1 : 0;
}

static void usage(FILE *out)
{
    fprintf(out,
        "usage: oss-download [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES]\n"
        "                    [--threads N] [--checkpoint PATH | --no-checkpoint] oss://BUCKET/KEY FILE\n"
        "\n"
        "Downloads BUCKET/KEY from OSS into FILE in ranges, resuming an interrupted download of\n"
        "the same object to the same file; FILE appears only whole and CRC-64-checked.\n"
        "Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN.\n"
        "Defaults: --endpoint $OSS_ENDPOINT, --region $OSS_REGION, --sigver 4 (1 without a\n"
        "region), --part-size 8 MiB, --threads 4, checkpoint FILE.dcp.\n");
}

static int parse_int64(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 0) {
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char *argv[])
{
    const char *endpoint = getenv("OSS_ENDPOINT");
    const char *region = getenv("OSS_REGION");
    const char *checkpoint = NULL;
    int sigver = 0, checkpointing = 1;
    int64_t part_size = 0, threads = 4;

    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"region", required_argument, NULL, 'r'},
        {"sigver", required_argument, NULL, 's'},
        {"part-size", required_argument, NULL, 'p'},
        {"threads", required_argument, NULL, 't'},
        {"checkpoint", required_argument, NULL, 'c'},
        {"no-checkpoint", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'e': endpoint = optarg; break;
        case 'r': region = optarg; break;
        case 's':
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "4") != 0) {
                fprintf(stderr, "oss-download: --sigver must be 1 or 4\n");
                return 2;
            }
            sigver = atoi(optarg);
            break;
        case 'p':
            if (parse_int64(optarg, &part_size) != 0) {
                fprintf(stderr, "oss-download: --part-size wants a byte count, got %s\n", optarg);
                return 2;
            }
            break;
        case 't':
            if (parse_int64(optarg, &threads) != 0 || threads < 1 || threads > 1024) {
                fprintf(stderr, "oss-download: --threads wants 1..1024, got %s\n", optarg);
                return 2;
            }
            break;
        case 'c': checkpoint = optarg; checkpointing = 1; break;
        case 'n': checkpointing = 0; checkpoint = NULL; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    const char *source = argv[optind];
    const char *file = argv[optind + 1];
    if (strncmp(source, "oss://", 6) != 0 || strchr(source + 6, '/') == NULL) {
        fprintf(stderr, "oss-download: the source must be oss://BUCKET/KEY, got %s\n", source);
        return 2;
    }
    if (endpoint == NULL || endpoint[0] == '\0') {
        fprintf(stderr, "oss-download: no endpoint: give --endpoint or set OSS_ENDPOINT\n");
        return 2;
    }
    if (sigver == 0) {
        sigver = region != NULL && region[0] != '\0' ? 4 : 1;
    }

    if (aos_http_io_initialize("oss-download", 0) != AOSE_OK) {
        fprintf(stderr, "oss-download: cannot initialise the library\n");
        return 1;
    }
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *options = oss_request_options_create(pool);
    options->config = oss_config_create(pool);
    aos_str_set(&options->config->endpoint, endpoint);
    aos_str_set(&options->config->access_key_id, getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&options->config->access_key_secret, getenv("OSS_ACCESS_KEY_SECRET"));
    aos_str_set(&options->config->sts_token, getenv("OSS_SESSION_TOKEN"));
    aos_str_set(&options->config->region, region);
    options->config->signature_version = sigver;
    options->ctl = aos_http_controller_create(pool, 0);

    const char *slash = strchr(source + 6, '/');
    aos_string_t bucket, object, path;
    bucket.data = ossr_pstrndup(pool, source + 6, (size_t)(slash - (source + 6)));
    bucket.len = (int)strlen(bucket.data);
    aos_str_set(&object, slash + 1);
    aos_str_set(&path, file);
    oss_resumable_clt_params_t *params = oss_create_resumable_clt_params_content(pool,
            part_size, (int32_t)threads, checkpointing, checkpoint);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK; /* Go's runtime requires it of handlers it may run beside */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct progress prog = {isatty(STDERR_FILENO), now_seconds(), 0, 0, 0};
    aos_table_t *resp_headers = NULL;
    aos_status_t *s = oss_resumable_download_file_ex(options, &bucket, &object, &path, NULL, NULL,
            params, on_progress, &prog, &resp_headers);

    int rc;
    if (aos_status_is_ok(s)) {
        const char *crc = resp_headers != NULL ? apr_table_get(resp_headers, OSS_HASH_CRC64_ECMA) : NULL;
        const char *etag = resp_headers != NULL ? apr_table_get(resp_headers, "ETag") : NULL;
        const char *len = resp_headers != NULL ? apr_table_get(resp_headers, "Content-Length") : NULL;
        printf("downloaded oss://%s/%s to %s (%s bytes)\n", bucket.data, object.data, file,
               len ? len : "?");
        /* The library compared the file's CRC-64 with the object's when the server sent one
         * (a failure otherwise); without it (a proxy stripped it) nothing was verified. */
        printf("etag %s\ncrc64ecma %s %s\nrequest-id %s\n", etag ? etag : "-", crc ? crc : "-",
               crc ? "(verified)" : "(not verified: the server sent no CRC-64)",
               s->req_id ? s->req_id : "-");
        rc = 0;
    } else {
        if (prog.tty && prog.calls > 0) {
            fputc('\n', stderr);
        }
        fprintf(stderr, "oss-download: %s: %d %s: %s (request id %s)\n",
                s->code == AOSE_ABORT_CALLBACK ? "interrupted" : "failed", s->code,
                s->error_code ? s->error_code : "-", s->error_msg ? s->error_msg : "-",
                s->req_id && s->req_id[0] ? s->req_id : "-");
        if (s->code == AOSE_ABORT_CALLBACK && checkpointing) {
            fprintf(stderr, "oss-download: run the same command again to resume\n");
        }
        rc = s->code == AOSE_ABORT_CALLBACK ? 130 : 1;
    }
    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    return rc;
}
