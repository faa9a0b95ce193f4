/* The handle API against ossemu: start, poll, wait with a timeout, cancel from another thread
 * and from a signal handler, free while running, several waiters, a checkpoint in use, and
 * failures that surface at wait. Slow uploads come from ossemu's bandwidth fault. */
#include "native_test.h"

#include <signal.h>

static ossr_upload *start_or_die(ossr_client *c, const ossr_upload_options *o)
{
    ossr_upload *up = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_start(c, o, &up, &e);
    report("start", rc, e);
    ossr_error_free(e);
    if (rc != OSSR_OK) {
        exit(2);
    }
    return up;
}

static void test_poll_and_wait_timeout(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("poll.bin");
    const size_t size = 600 * KIB;
    unsigned char *data = make_file(path, size, 30);
    ossr_upload_options o = upload_opts("native/poll.bin", path);
    faults_clear();
    fault_add("op=UploadPart,bandwidth=400KiB"); /* 6 parts, 2 at a time, ~0.25 s each */
    ossr_upload *up = start_or_die(c, &o);

    ossr_result *r = (ossr_result *)&o;
    ossr_error *e = (ossr_error *)&o;
    CHECK_INT(ossr_upload_wait(up, 0, &r, &e), OSSR_E_TIMEOUT);
    CHECK(r == NULL && e == NULL); /* nothing allocated on a timeout */
    double t0 = now_ms();
    CHECK_INT(ossr_upload_wait(up, 100, &r, &e), OSSR_E_TIMEOUT);
    double waited = now_ms() - t0;
    CHECK(waited >= 90 && waited < 1000);
    CHECK(r == NULL && e == NULL);

    int64_t done = 0, total = 0, last = -1;
    int finished = 0, polls = 0, distinct = 0, decreasing = 0, wrong_total = 0;
    while (!finished && polls < 2000) {
        CHECK_INT(ossr_upload_progress(up, &done, &total, &finished), OSSR_OK);
        if (done < last) {
            decreasing = 1;
        }
        if (total != (int64_t)size) {
            wrong_total = 1;
        }
        if (done != last) {
            distinct++;
        }
        last = done;
        polls++;
        sleep_ms(10);
    }
    CHECK(finished);
    CHECK_INT(decreasing, 0);
    CHECK_INT(wrong_total, 0);
    CHECK(distinct >= 3);
    CHECK_INT(done, size); /* read after finished: the final value */
    CHECK(ossr_upload_progress(up, NULL, NULL, NULL) == OSSR_OK); /* every output optional */

    int rc = ossr_upload_wait(up, -1, &r, &e);
    report("wait", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(r != NULL && e == NULL);
    ossr_result *r2 = NULL;
    CHECK_INT(ossr_upload_wait(up, 0, &r2, NULL), OSSR_OK); /* the same outcome, a fresh copy */
    CHECK(r2 != NULL && r2 != r);
    if (r != NULL && r2 != NULL) {
        CHECK(r->crc64 == aos_crc64(0, data, size));
        CHECK_STR(r2->etag, r->etag);
        CHECK_INT(r2->bytes_sent, size);
    }
    ossr_result_free(r);
    ossr_result_free(r2);
    ossr_upload_free(up);
    faults_clear();
    CHECK_OBJECT("native/poll.bin", data, size);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    fprintf(stderr, "  %d polls, %d distinct values\n", polls, distinct);
}

struct canceller {
    ossr_upload *up;
    int delay_ms;
    double at;
};

static void *cancel_later(void *arg)
{
    struct canceller *k = arg;
    sleep_ms(k->delay_ms);
    k->at = now_ms();
    ossr_upload_cancel(k->up);
    return NULL;
}

/* Cancel from another thread while the main thread waits: the wait returns promptly with
 * OSSR_E_CANCELLED, the checkpoint stays, and the next run resumes from it. */
static void test_cancel_from_other_thread(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("cancel.bin");
    const size_t size = 2 * MIB;
    unsigned char *data = make_file(path, size, 31);
    ossr_upload_options o = upload_opts("native/cancel.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=1MiB"); /* ~0.1 s a part, ~1 s for the file */
    ossr_upload *up = start_or_die(c, &o);
    struct canceller k = {up, 400, 0};
    pthread_t th;
    CHECK_INT(pthread_create(&th, NULL, cancel_later, &k), 0);
    ossr_error *e = NULL;
    int rc = ossr_upload_wait(up, -1, NULL, &e);
    double latency = now_ms() - k.at;
    pthread_join(th, NULL);
    CHECK_INT(rc, OSSR_E_CANCELLED);
    CHECK(e != NULL && strstr(e->message, "ossr_upload_cancel") != NULL);
    ossr_error_free(e);
    CHECK(latency < 1000);
    CHECK_INT(ossr_upload_cancel(up), OSSR_OK); /* idempotent, also after the end */
    int64_t done = 0, total = 0;
    int finished = 0;
    ossr_upload_progress(up, &done, &total, &finished);
    CHECK(finished && done > 0 && done < (int64_t)size);
    ossr_upload_free(up);
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK(file_exists(cp));
    faults_clear();

    ossr_result *r = NULL;
    rc = ossr_upload_file(c, &o, NULL, NULL, &r, &e);
    report("resume", rc, e);
    CHECK_INT(rc, OSSR_OK);
    if (r != NULL) {
        CHECK(r->bytes_resumed > 0);
        CHECK_INT(r->bytes_resumed + r->bytes_sent, size);
    }
    ossr_result_free(r);
    ossr_error_free(e);
    CHECK_OBJECT("native/cancel.bin", data, size);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    fprintf(stderr, "  cancel to wait return: %.1f ms\n", latency);
}

/* Cancel from a signal handler (the Ctrl-C case): the handler only calls ossr_upload_cancel. */
static ossr_upload *volatile signalled_upload;

static void on_signal(int sig)
{
    (void)sig;
    ossr_upload_cancel(signalled_upload);
}

struct signaller {
    pthread_t target;
    int delay_ms;
};

static void *signal_later(void *arg)
{
    struct signaller *s = arg;
    sleep_ms(s->delay_ms);
    pthread_kill(s->target, SIGUSR1);
    return NULL;
}

static void test_cancel_from_signal_handler(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("signal.bin");
    free(make_file(path, 2 * MIB, 32));
    ossr_upload_options o = upload_opts("native/signal.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=1MiB");
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK | SA_RESTART; /* SA_ONSTACK: Go's requirement for host handlers */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    signalled_upload = start_or_die(c, &o);
    struct signaller s = {pthread_self(), 300};
    pthread_t th;
    CHECK_INT(pthread_create(&th, NULL, signal_later, &s), 0);
    double t0 = now_ms();
    int rc = ossr_upload_wait(signalled_upload, 5000, NULL, NULL);
    double took = now_ms() - t0;
    pthread_join(th, NULL);
    CHECK_INT(rc, OSSR_E_CANCELLED);
    CHECK(took < 1300);
    ossr_upload_free(signalled_upload);
    sigaction(SIGUSR1, &old, NULL);
    faults_clear();
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* Freeing a running upload cancels it and returns once it stopped; the checkpoint stays. */
static void test_free_while_running(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("free.bin");
    free(make_file(path, 2 * MIB, 33));
    ossr_upload_options o = upload_opts("native/free.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=512KiB");
    ossr_upload *up = start_or_die(c, &o);
    sleep_ms(300);
    double t0 = now_ms();
    ossr_upload_free(up);
    double took = now_ms() - t0;
    CHECK(took < 1000);
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK(file_exists(cp));
    faults_clear();
    remove_with_checkpoint(path);
    /* The client may go first too: the upload keeps what it needs. */
    free(make_file(path, 300 * KIB, 34));
    up = start_or_die(c, &o);
    ossr_client_free(c);
    CHECK_INT(ossr_upload_wait(up, -1, NULL, NULL), OSSR_OK);
    ossr_upload_free(up);
    remove_with_checkpoint(path);
    fprintf(stderr, "  free of a running upload took %.1f ms\n", took);
}

struct waiter {
    ossr_upload *up;
    int rc;
    ossr_result *r;
};

static void *wait_forever(void *arg)
{
    struct waiter *w = arg;
    w->rc = ossr_upload_wait(w->up, -1, &w->r, NULL);
    return NULL;
}

static void test_several_waiters(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("waiters.bin");
    unsigned char *data = make_file(path, 500 * KIB, 35);
    ossr_upload_options o = upload_opts("native/waiters.bin", path);
    faults_clear();
    fault_add("op=UploadPart,bandwidth=1MiB");
    ossr_upload *up = start_or_die(c, &o);
    struct waiter w[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        w[i].up = up;
        w[i].r = NULL;
        CHECK_INT(pthread_create(&th[i], NULL, wait_forever, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(w[i].rc, OSSR_OK);
        CHECK(w[i].r != NULL && w[i].r->crc64 == aos_crc64(0, data, 500 * KIB));
        ossr_result_free(w[i].r);
    }
    ossr_upload_free(up);
    faults_clear();
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* Two uploads of one file with one checkpoint: the second is refused while the first runs. */
static void test_checkpoint_in_use(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("inuse.bin");
    free(make_file(path, 2 * MIB, 36));
    ossr_upload_options o = upload_opts("native/inuse.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=512KiB");
    ossr_upload *up = start_or_die(c, &o);
    sleep_ms(200); /* let it take the lock */
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_CHECKPOINT_IN_USE);
    CHECK(e != NULL && strcmp(e->error_code, "CheckpointInUse") == 0);
    ossr_error_free(e);
    ossr_upload_cancel(up);
    CHECK_INT(ossr_upload_wait(up, -1, NULL, NULL), OSSR_E_CANCELLED);
    ossr_upload_free(up);
    faults_clear();
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* start accepts valid options; what only the server knows comes back from wait. */
static void test_failure_at_wait(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("waitfail.bin");
    free(make_file(path, 200 * KIB, 37));
    ossr_upload_options o = upload_opts("k", path);
    o.bucket = "no-such-bucket-here";
    ossr_upload *up = start_or_die(c, &o);
    ossr_error *e = NULL;
    ossr_result *r = NULL;
    CHECK_INT(ossr_upload_wait(up, 5000, &r, &e), OSSR_E_SERVER);
    CHECK(r == NULL);
    CHECK(e != NULL && e->http_status == 404 && strcmp(e->error_code, "NoSuchBucket") == 0 &&
          e->request_id[0] != '\0');
    ossr_error_free(e);
    /* The same error again, freshly allocated, and with err NULL just the code. */
    CHECK_INT(ossr_upload_wait(up, 0, NULL, &e), OSSR_E_SERVER);
    CHECK(e != NULL && e->http_status == 404);
    ossr_error_free(e);
    CHECK_INT(ossr_upload_wait(up, 0, NULL, NULL), OSSR_E_SERVER);
    ossr_upload_free(up);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

int main(void)
{
    if (getenv("OSSEMU_URL") == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_poll_and_wait_timeout);
    RUN(test_cancel_from_other_thread);
    RUN(test_cancel_from_signal_handler);
    RUN(test_free_while_running);
    RUN(test_several_waiters);
    RUN(test_checkpoint_in_use);
    RUN(test_failure_at_wait);
    faults_clear();
    return check_summary();
}
