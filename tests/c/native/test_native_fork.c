/* The fork guard: in a child forked while the library is loaded (and an upload runs in the
 * parent), every entry point returns OSSR_E_FORK at once instead of entering the dead Go
 * runtime and hanging; the parent is unaffected. An alarm kills a hanging child, which the
 * parent reports as a failure. */
#include "native_test.h"

#include <signal.h>
#include <sys/wait.h>

/* child checks everything in the child and exits 0 when all held. */
static void child(ossr_client *c, ossr_upload *up, const char *path)
{
    alarm(5);
    ossr_error *e = NULL;
    ossr_client *c2 = (ossr_client *)&e;
    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = ossemu_endpoint();
    co.region = "cn-hangzhou";
    CHECK_INT(ossr_client_new(&co, &c2, &e), OSSR_E_FORK);
    CHECK(c2 == NULL);
    CHECK(e != NULL && e->code == OSSR_E_FORK && strstr(e->message, "fork") != NULL);
    CHECK(e != NULL && strcmp(e->error_code, "ForkedChild") == 0);
    ossr_error_free(e); /* usable in the child */
    e = NULL;

    ossr_upload_options o = upload_opts("native/child.bin", path);
    ossr_result *r = NULL;
    CHECK_INT(ossr_upload_file(c, &o, NULL, NULL, &r, &e), OSSR_E_FORK);
    CHECK(r == NULL && e != NULL);
    ossr_error_free(e);
    ossr_upload *up2 = NULL;
    CHECK_INT(ossr_upload_start(c, &o, &up2, NULL), OSSR_E_FORK);
    CHECK(up2 == NULL);
    int64_t d = 1, t = 1;
    CHECK_INT(ossr_upload_progress(up, &d, &t, NULL), OSSR_E_FORK);
    CHECK_INT(ossr_upload_wait(up, -1, &r, &e), OSSR_E_FORK);
    CHECK(e != NULL && e->code == OSSR_E_FORK);
    ossr_error_free(e);
    CHECK_INT(ossr_upload_cancel(up), OSSR_E_FORK);
    ossr_upload_free(up);  /* does nothing in the child */
    ossr_client_free(c);   /* likewise */
    CHECK_STR(ossr_version(), OSSRESUME_VERSION);
    _exit(check_case_failed ? 1 : 0);
}

static void test_fork_guard(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("fork.bin");
    unsigned char *data = make_file(path, 1 * MIB, 40);
    ossr_upload_options o = upload_opts("native/fork.bin", path);
    faults_clear();
    fault_add("op=UploadPart,bandwidth=1MiB");
    ossr_upload *up = NULL;
    CHECK_INT(ossr_upload_start(c, &o, &up, NULL), OSSR_OK);
    sleep_ms(100); /* the runtime's threads are busy uploading when we fork */

    fflush(NULL);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        child(c, up, path);
    }
    CHECK(pid > 0);
    int status = 0;
    CHECK_INT(waitpid(pid, &status, 0), pid);
    double took = now_ms() - t0;
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "  child killed by signal %d (SIGALRM: it hung)\n", WTERMSIG(status));
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(took < 3000);

    /* The parent goes on as if nothing happened. */
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_wait(up, -1, &r, &e);
    report("parent", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(r != NULL && r->crc64 == aos_crc64(0, data, 1 * MIB));
    ossr_result_free(r);
    ossr_error_free(e);
    ossr_upload_free(up);
    faults_clear();
    CHECK_OBJECT("native/fork.bin", data, 1 * MIB);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    fprintf(stderr, "  forked child finished in %.1f ms\n", took);
}

int main(void)
{
    if (getenv("OSSEMU_URL") == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_fork_guard);
    return check_summary();
}
