/* ossr_upload_progress_wait against ossemu: it wakes for each step of a slowed upload (no
 * polling), values only grow and end at (total, total) with finished set, a call after the
 * end returns at once, a timeout returns OSSR_E_TIMEOUT with the latest value, and NULL is
 * refused. */
#include "native_test.h"

static void test_null(void)
{
    int64_t d = 7, t = 7;
    int f = 7;
    CHECK_INT(ossr_upload_progress_wait(NULL, 0, &d, &t, &f), OSSR_E_ARG);
    CHECK(d == 0 && t == 0 && f == 0);
    CHECK_INT(ossr_upload_progress_wait(NULL, -1, NULL, NULL, NULL), OSSR_E_ARG);
}

static void test_every_step_then_the_end(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("pwait.bin");
    const size_t size = 8 * 100 * KIB;
    unsigned char *data = make_file(path, size, 41);
    ossr_upload_options o = upload_opts("native/pwait.bin", path);
    o.threads = 1;
    o.checkpoint = OSSR_CHECKPOINT_OFF;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=1MiB"); /* 8 parts, one at a time, ~0.1 s each */
    ossr_upload *up = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_start(c, &o, &up, &e);
    report("start", rc, e);
    ossr_error_free(e);
    CHECK_INT(rc, OSSR_OK);
    if (up == NULL) {
        exit(2);
    }

    int64_t done = 0, total = 0, last = -1;
    int finished = 0, calls = 0, timeouts = 0, decreasing = 0, wrong_total = 0;
    while (!finished && calls + timeouts < 10000) {
        rc = ossr_upload_progress_wait(up, 1000, &done, &total, &finished);
        if (rc == OSSR_E_TIMEOUT) {
            timeouts++;
            continue;
        }
        CHECK_INT(rc, OSSR_OK);
        calls++;
        if (done < last) {
            decreasing = 1;
        }
        if (total != (int64_t)size) {
            wrong_total = 1;
        }
        last = done;
    }
    CHECK(finished);
    CHECK_INT(decreasing, 0);
    CHECK_INT(wrong_total, 0);
    CHECK_INT(timeouts, 0);           /* no step of a 0.1 s part took a second */
    CHECK(calls >= 8);                /* at least one wake per part */
    CHECK_INT(done, (int64_t)size);   /* the last value is the total, with finished */

    /* After the end: at once, finished, the final value. */
    double t0 = now_ms();
    CHECK_INT(ossr_upload_progress_wait(up, -1, &done, &total, &finished), OSSR_OK);
    CHECK(now_ms() - t0 < 500);
    CHECK(finished && done == (int64_t)size && total == (int64_t)size);
    CHECK_INT(ossr_upload_wait(up, -1, NULL, NULL), OSSR_OK);
    CHECK_OBJECT("native/pwait.bin", data, size);
    ossr_upload_free(up);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

static void test_timeout(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("pwait-stall.bin");
    const size_t size = 300 * KIB;
    unsigned char *data = make_file(path, size, 42);
    ossr_upload_options o = upload_opts("native/pwait-stall.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_OFF;
    faults_clear();
    fault_add("op=InitiateMultipartUpload,delay=1s"); /* nothing moves for a second */
    ossr_upload *up = NULL;
    CHECK_INT(ossr_upload_start(c, &o, &up, NULL), OSSR_OK);
    if (up == NULL) {
        exit(2);
    }
    int64_t done = -1, total = -1;
    int finished = -1;
    double t0 = now_ms();
    CHECK_INT(ossr_upload_progress_wait(up, 200, &done, &total, &finished), OSSR_E_TIMEOUT);
    double waited = now_ms() - t0;
    CHECK(waited >= 180 && waited < 900);
    CHECK(done == 0 && total == (int64_t)size && finished == 0);
    CHECK_INT(ossr_upload_progress_wait(up, 0, NULL, NULL, NULL), OSSR_E_TIMEOUT);
    CHECK_INT(ossr_upload_wait(up, -1, NULL, NULL), OSSR_OK);
    ossr_upload_free(up);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    faults_clear();
}

int main(void)
{
    if (getenv("OSSEMU_URL") == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_null);
    RUN(test_every_step_then_the_end);
    RUN(test_timeout);
    faults_clear();
    return check_summary();
}
