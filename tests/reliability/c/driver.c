/* driver: the reliability campaigns' uploader on the native API (include/ossresume.h), or on
 * the C SDK-compatible API with --sdk. Unlike examples/c/oss-upload it takes low timeouts and
 * retries (so a fault cell ends fast), runs several uploads at once on one shared client (the
 * load campaign), turns the library's log up to TRACE (the secrets campaign), and counts its
 * file descriptors before and after.
 *
 *   driver --endpoint URL [--region R] [--sigver 1|4] [--timeout-ms N] [--retries N]
 *          [--threads N] [--part-size N] [--checkpoint-dir DIR] [--sdk] [--debug]
 *          [--rounds N] FILE=KEY...
 *
 * Credentials come from the environment (OSS_ACCESS_KEY_ID, ...). One line per upload on
 * standard output: "ok KEY" or "err KEY code=NAME http=N error_code=E op=OP msg=M", then
 * "fds round=R count=N" after each round (a round: a new client, every upload at once, the
 * client freed). Exit 0 only when every upload succeeded. */
#define _GNU_SOURCE
#include "ossresume.h"
#include "oss_api.h"
#include "aos_http_io.h"

#include <dirent.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct settings {
    const char *endpoint, *region, *cpdir;
    int sigver, timeout_ms, retries, threads, sdk;
    int64_t part_size;
};

struct job {
    const struct settings *s;
    ossr_client *client;
    const char *file, *key;
    char cp[4096];
    int ok;
    char line[8192];
};

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        return -1;
    }
    int n = 0;
    while (readdir(d) != NULL) {
        n++;
    }
    closedir(d);
    return n - 3; /* ".", ".." and the directory itself */
}

static void run_native(struct job *j)
{
    ossr_upload_options o = OSSR_UPLOAD_OPTIONS_INIT;
    o.bucket = getenv("DRIVER_BUCKET") ? getenv("DRIVER_BUCKET") : "reliability";
    o.key = j->key;
    o.file_path = j->file;
    o.part_size = j->s->part_size;
    o.threads = j->s->threads;
    o.retries = j->s->retries;
    if (j->cp[0] != '\0') {
        o.checkpoint = OSSR_CHECKPOINT_PATH;
        o.checkpoint_path = j->cp;
    }
    ossr_result *res = NULL;
    ossr_error *err = NULL;
    int rc = ossr_upload_file(j->client, &o, NULL, NULL, &res, &err);
    if (rc == OSSR_OK) {
        j->ok = 1;
        snprintf(j->line, sizeof(j->line), "ok %s crc64=%llu", j->key, (unsigned long long)res->crc64);
    } else {
        snprintf(j->line, sizeof(j->line), "err %s code=%s http=%d error_code=%s op=%s msg=%s", j->key,
                 ossr_code_name(rc), err ? err->http_status : 0, err ? err->error_code : "-",
                 err ? err->operation : "-", err ? err->message : "-");
    }
    ossr_result_free(res);
    ossr_error_free(err);
}

static void run_sdk(struct job *j)
{
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *options = oss_request_options_create(pool);
    options->config = oss_config_create(pool);
    aos_str_set(&options->config->endpoint, j->s->endpoint);
    aos_str_set(&options->config->access_key_id, getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&options->config->access_key_secret, getenv("OSS_ACCESS_KEY_SECRET"));
    aos_str_set(&options->config->sts_token, getenv("OSS_SESSION_TOKEN"));
    if (j->s->region != NULL) {
        aos_str_set(&options->config->region, j->s->region);
    }
    options->config->signature_version = j->s->sigver ? j->s->sigver : 1;
    options->ctl = aos_http_controller_create(pool, 0);
    if (j->s->timeout_ms > 0) {
        int secs = (j->s->timeout_ms + 999) / 1000;
        options->ctl->options->speed_time = secs;
        options->ctl->options->connect_timeout = secs;
    }
    aos_string_t b, k, f;
    aos_str_set(&b, getenv("DRIVER_BUCKET") ? getenv("DRIVER_BUCKET") : "reliability");
    aos_str_set(&k, j->key);
    aos_str_set(&f, j->file);
    oss_resumable_clt_params_t *params = oss_create_resumable_clt_params_content(pool,
            j->s->part_size, j->s->threads, j->cp[0] != '\0', j->cp[0] != '\0' ? j->cp : NULL);
    aos_status_t *st = oss_resumable_upload_file(options, &b, &k, &f, NULL, NULL, params, NULL, NULL, NULL);
    if (aos_status_is_ok(st)) {
        j->ok = 1;
        snprintf(j->line, sizeof(j->line), "ok %s", j->key);
    } else {
        snprintf(j->line, sizeof(j->line), "err %s code=%d http=%d error_code=%s op=- msg=%s", j->key,
                 st->code, st->code, st->error_code ? st->error_code : "-", st->error_msg ? st->error_msg : "-");
    }
    aos_pool_destroy(pool);
}

static void *run(void *arg)
{
    struct job *j = arg;
    if (j->s->sdk) {
        run_sdk(j);
    } else {
        run_native(j);
    }
    return NULL;
}

/* run_round uploads every FILE=KEY at once on a new client, then frees it; returns failures. */
static int run_round(const struct settings *s, int n, char **pairs)
{
    ossr_client *client = NULL;
    if (!s->sdk) {
        ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
        co.endpoint = s->endpoint;
        co.region = s->region;
        co.signature_version = s->sigver ? s->sigver : (s->region ? 4 : 1);
        co.connect_timeout_ms = s->timeout_ms;
        co.read_write_timeout_ms = s->timeout_ms;
        co.retries = s->retries;
        ossr_error *err = NULL;
        if (ossr_client_new(&co, &client, &err) != OSSR_OK) {
            printf("err client code=%s msg=%s\n", ossr_code_name(err->code), err->message);
            ossr_error_free(err);
            return n;
        }
    }
    struct job *jobs = calloc((size_t)n, sizeof(*jobs));
    pthread_t *tids = calloc((size_t)n, sizeof(*tids));
    for (int i = 0; i < n; i++) {
        const char *eq = strrchr(pairs[i], '=');
        if (eq == NULL) {
            fprintf(stderr, "driver: %s is not FILE=KEY\n", pairs[i]);
            exit(2);
        }
        jobs[i].s = s;
        jobs[i].client = client;
        jobs[i].file = strndup(pairs[i], (size_t)(eq - pairs[i]));
        jobs[i].key = eq + 1;
        if (s->cpdir != NULL) {
            snprintf(jobs[i].cp, sizeof(jobs[i].cp), "%s/%d.cp", s->cpdir, i);
        }
        pthread_create(&tids[i], NULL, run, &jobs[i]);
    }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(tids[i], NULL);
        printf("%s\n", jobs[i].line);
        failed += !jobs[i].ok;
        free((char *)jobs[i].file);
    }
    ossr_client_free(client);
    free(jobs);
    free(tids);
    return failed;
}

int main(int argc, char *argv[])
{
    struct settings s = {0};
    s.timeout_ms = 2000;
    s.part_size = 100 * 1024;
    int debug = 0, rounds = 1;
    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'}, {"region", required_argument, NULL, 'r'},
        {"sigver", required_argument, NULL, 's'}, {"timeout-ms", required_argument, NULL, 'T'},
        {"retries", required_argument, NULL, 'R'}, {"threads", required_argument, NULL, 't'},
        {"part-size", required_argument, NULL, 'p'}, {"checkpoint-dir", required_argument, NULL, 'c'},
        {"sdk", no_argument, NULL, 'S'}, {"debug", no_argument, NULL, 'd'},
        {"rounds", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'e': s.endpoint = optarg; break;
        case 'r': s.region = optarg; break;
        case 's': s.sigver = atoi(optarg); break;
        case 'T': s.timeout_ms = atoi(optarg); break;
        case 'R': s.retries = atoi(optarg); break;
        case 't': s.threads = atoi(optarg); break;
        case 'p': s.part_size = atoll(optarg); break;
        case 'c': s.cpdir = optarg; break;
        case 'S': s.sdk = 1; break;
        case 'd': debug = 1; break;
        case 'n': rounds = atoi(optarg); break;
        default: return 2;
        }
    }
    int n = argc - optind;
    if (s.endpoint == NULL || n < 1) {
        fprintf(stderr, "driver: want --endpoint and FILE=KEY...\n");
        return 2;
    }
    if (aos_http_io_initialize("reliability-driver", 0) != AOSE_OK) {
        return 1;
    }
    if (debug) {
        aos_log_set_level(AOS_LOG_TRACE);
    }
    int failed = 0;
    printf("fds round=0 count=%d\n", count_fds());
    for (int r = 1; r <= rounds; r++) {
        failed += run_round(&s, n, argv + optind);
        printf("fds round=%d count=%d\n", r, count_fds());
        fflush(stdout);
    }
    aos_http_io_deinitialize();
    return failed ? 1 : 0;
}
