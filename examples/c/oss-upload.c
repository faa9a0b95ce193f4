/* oss-upload: uploads one file to OSS, resumably, through the C SDK-compatible API.
 *
 *   oss-upload [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES] [--threads N]
 *              [--checkpoint PATH | --no-checkpoint] [--sha256] FILE oss://BUCKET/KEY
 *
 * Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN; the
 * endpoint and region default to OSS_ENDPOINT and OSS_REGION. Progress is a bar on a terminal
 * and plain lines otherwise. Ctrl-C stops the upload cleanly, keeping the checkpoint, so the
 * same command resumes it. Exit status: 0 when the object is complete and its CRC-64 verified,
 * 1 when the upload failed, 2 for bad usage, 130 when interrupted. */
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
    int64_t last_line; /* consumed at the last plain line */
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
    double pct = total > 0 ? 100.0 * (double)consumed / (double)total : 100.0;
    double secs = now_seconds() - p->started;
    double rate = secs > 0 ? (double)consumed / secs / (1024.0 * 1024.0) : 0;
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
    } else if (consumed == total || consumed - p->last_line >= total / 20) {
        /* About twenty lines per upload, whatever its size. */
        fprintf(stderr, "progress %" PRId64 "/%" PRId64 " bytes (%.0f%%)\n", consumed, total, pct);
        p->last_line = consumed;
    }
    return interrupted ? 1 : 0;
}

static void usage(FILE *out)
{
    fprintf(out,
        "usage: oss-upload [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES]\n"
        "                  [--threads N] [--checkpoint PATH | --no-checkpoint] [--sha256]\n"
        "                  FILE oss://BUCKET/KEY\n"
        "\n"
        "Uploads FILE to OSS as BUCKET/KEY in parts, resuming an interrupted upload of the same\n"
        "file. Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN.\n"
        "Defaults: --endpoint $OSS_ENDPOINT, --region $OSS_REGION, --sigver 4 (1 without a\n"
        "region), --part-size 8 MiB, --threads 4, checkpoint FILE.cp.\n"
        "--sha256 also keeps each part's SHA-256 in the checkpoint (a cryptographic fingerprint,\n"
        "re-checked on resume; about twice the CPU); by default each part's CRC-64 does that.\n");
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
    int sigver = 0, checkpointing = 1, part_sha256 = 0;
    int64_t part_size = 0, threads = 4;

    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"region", required_argument, NULL, 'r'},
        {"sigver", required_argument, NULL, 's'},
        {"part-size", required_argument, NULL, 'p'},
        {"threads", required_argument, NULL, 't'},
        {"checkpoint", required_argument, NULL, 'c'},
        {"no-checkpoint", no_argument, NULL, 'n'},
        {"sha256", no_argument, NULL, 'S'},
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
                fprintf(stderr, "oss-upload: --sigver must be 1 or 4\n");
                return 2;
            }
            sigver = atoi(optarg);
            break;
        case 'p':
            if (parse_int64(optarg, &part_size) != 0) {
                fprintf(stderr, "oss-upload: --part-size wants a byte count, got %s\n", optarg);
                return 2;
            }
            break;
        case 't':
            if (parse_int64(optarg, &threads) != 0 || threads < 1 || threads > 1024) {
                fprintf(stderr, "oss-upload: --threads wants 1..1024, got %s\n", optarg);
                return 2;
            }
            break;
        case 'c': checkpoint = optarg; checkpointing = 1; break;
        case 'n': checkpointing = 0; checkpoint = NULL; break;
        case 'S': part_sha256 = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    const char *file = argv[optind];
    const char *target = argv[optind + 1];
    if (strncmp(target, "oss://", 6) != 0 || strchr(target + 6, '/') == NULL) {
        fprintf(stderr, "oss-upload: the target must be oss://BUCKET/KEY, got %s\n", target);
        return 2;
    }
    if (endpoint == NULL || endpoint[0] == '\0') {
        fprintf(stderr, "oss-upload: no endpoint: give --endpoint or set OSS_ENDPOINT\n");
        return 2;
    }
    if (sigver == 0) {
        sigver = region != NULL && region[0] != '\0' ? 4 : 1;
    }

    if (aos_http_io_initialize("oss-upload", 0) != AOSE_OK) {
        fprintf(stderr, "oss-upload: cannot initialise the library\n");
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

    const char *slash = strchr(target + 6, '/');
    aos_string_t bucket, object, path;
    bucket.data = ossr_pstrndup(pool, target + 6, (size_t)(slash - (target + 6)));
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

    struct progress prog = {isatty(STDERR_FILENO), now_seconds(), 0};
    aos_table_t *resp_headers = NULL;
    aos_list_t resp_body;
    aos_list_init(&resp_body);
    aos_table_t *extensions = NULL; /* oss_api.h: the params table's OSSR_PARAM_* knobs */
    if (part_sha256) {
        extensions = aos_table_make(pool, 1);
        apr_table_set(extensions, OSSR_PARAM_PART_SHA256, "1");
    }
    aos_status_t *s = oss_resumable_upload_file_ex(options, &bucket, &object, &path, NULL,
            extensions, params, on_progress, &prog, &resp_headers, &resp_body);

    int rc;
    if (aos_status_is_ok(s)) {
        const char *crc = resp_headers != NULL ? apr_table_get(resp_headers, OSS_HASH_CRC64_ECMA) : NULL;
        const char *etag = resp_headers != NULL ? apr_table_get(resp_headers, "ETag") : NULL;
        printf("uploaded %s to oss://%s/%s\n", file, bucket.data, object.data);
        /* Complete's CRC-64 is there only when the library matched it against the parts';
         * without it (a proxy stripped it) nothing here may claim the bytes were verified. */
        printf("etag %s\ncrc64ecma %s %s\nrequest-id %s\n", etag ? etag : "-", crc ? crc : "-",
               crc ? "(verified)" : "(not verified: the answer carried no CRC-64)",
               s->req_id ? s->req_id : "-");
        rc = 0;
    } else {
        if (prog.tty) {
            fputc('\n', stderr);
        }
        fprintf(stderr, "oss-upload: %s: %d %s: %s (request id %s)\n",
                s->code == AOSE_ABORT_CALLBACK ? "interrupted" : "failed", s->code,
                s->error_code ? s->error_code : "-", s->error_msg ? s->error_msg : "-",
                s->req_id && s->req_id[0] ? s->req_id : "-");
        if (s->code == AOSE_ABORT_CALLBACK && checkpointing) {
            fprintf(stderr, "oss-upload: run the same command again to resume\n");
        }
        rc = s->code == AOSE_ABORT_CALLBACK ? 130 : 1;
    }
    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    return rc;
}
