// The C entry points of the native API (ossresume.h). They check what can be checked without Go
// (the fork guard, NULL handles, the options' size), then hand over to the Go half. Cancel is a
// plain atomic store, so a signal handler may call it; the Go half polls the flag.

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "native_bridge.h"

#define CLIENT_MAGIC UINT64_C(0x6f7373722d636c69) // "ossr-cli"
#define UPLOAD_MAGIC UINT64_C(0x6f7373722d75706c) // "ossr-upl"

struct ossr_client {
    uint64_t magic;
    uintptr_t h; // the Go client
};

// ossr_upload_cancel must be async-signal-safe, which only a lock-free atomic is.
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic int is not lock-free");

// A running upload or download as C holds it. ossr_upload and ossr_download are this one shape
// under two names (the header keeps them apart for the caller's compiler), so that the two
// families' progress, wait, cancel and free are one code below, told apart by the magic.
struct job {
    uint64_t magic;
    atomic_int cancel;
    uintptr_t h; // the Go run
};

struct ossr_upload {
    struct job j;
};

// The process that loaded the library. The Go runtime's threads exist only there: a forked
// child that enters Go blocks forever, so every entry point compares before going in.
static pid_t load_pid;

__attribute__((constructor)) static void record_load_pid(void)
{
    load_pid = getpid();
}

static int forked(void)
{
    return getpid() != load_pid;
}

// fail reports a failure found on the C side through err (when the caller wants it).
static int fail(ossr_error **err, int code, const char *error_code, const char *field,
                const char *format, ...) __attribute__((format(printf, 5, 6)));

static int fail(ossr_error **err, int code, const char *error_code, const char *field,
                const char *format, ...)
{
    if (err != NULL) {
        char msg[512];
        va_list ap;
        va_start(ap, format);
        vsnprintf(msg, sizeof(msg), format, ap);
        va_end(ap);
        *err = ossrn_error_new(code, error_code, field, msg);
    }
    return code;
}

static int fail_forked(ossr_error **err)
{
    return fail(err, OSSR_E_FORK, "ForkedChild", "",
                "libossresume was called in a child process after fork() (loaded by pid %ld, "
                "called from pid %ld): the Go runtime inside the library does not survive fork; "
                "use fork+exec, or load the library only in the child",
                (long)load_pid, (long)getpid());
}

// hand_over gives the caller what the Go half produced, or frees it when the caller did not
// ask for it.
static void hand_over_error(ossr_error **err, ossr_error *e)
{
    if (err != NULL) {
        *err = e;
    } else {
        ossr_error_free(e);
    }
}

static void hand_over_result(ossr_result **res, ossr_result *r)
{
    if (res != NULL) {
        *res = r;
    } else {
        ossr_result_free(r);
    }
}

// copy_options copies a caller's options struct into dst, a struct of our full size. A caller
// built against a newer header may pass a longer struct as long as the fields this library does
// not know are zero. A caller built against an older header passes that version's size, one of
// older[] (0-terminated): the fields it lacks are zeroed, which takes their defaults. Any other
// shorter size can only be a mistake (copying a part of it could cut a pointer in half). When
// fields are appended, the size of the struct before them joins older[].
static int copy_options(void *dst, size_t full, const size_t *older, const void *src,
                        const char *what, const char *init, ossr_error **err)
{
    size_t n;
    memcpy(&n, src, sizeof(n));
    if (n < full) {
        for (; older != NULL && *older != 0; older++) {
            if (n == *older) {
                memset(dst, 0, full);
                memcpy(dst, src, n);
                return OSSR_OK;
            }
        }
        return fail(err, OSSR_E_ARG, "InvalidArgument", "size",
                    "%s.size is %zu, this library's is %zu: set it to sizeof(%s) (%s does)",
                    what, n, full, what, init);
    }
    const unsigned char *extra = (const unsigned char *)src + full;
    for (size_t i = 0; i < n - full; i++) {
        if (extra[i] != 0) {
            return fail(err, OSSR_E_ARG, "InvalidArgument", "size",
                        "%s sets fields this library (version %s) does not know: %s.size is "
                        "%zu, this version's is %zu",
                        what, OSSRESUME_VERSION, what, n, full);
        }
    }
    memcpy(dst, src, full);
    return OSSR_OK;
}

// The sizes of ossr_client_options before each appended field: ca_path is a pointer, aligned as
// the struct is, so the struct without it ended exactly where it begins.
static const size_t client_options_older[] = {offsetof(ossr_client_options, ca_path),
                                               offsetof(ossr_client_options, speed_limit), 0};
// Likewise continue_upload_id, a pointer after an int64_t, and part_sha256 after that pointer.
static const size_t upload_options_older[] = {offsetof(ossr_upload_options, continue_upload_id),
                                              offsetof(ossr_upload_options, part_sha256), 0};

static int check_client(ossr_client *c, ossr_error **err)
{
    if (c == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "client", "client is NULL");
    }
    if (c->magic != CLIENT_MAGIC) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "client",
                    "client is not a live ossr_client (freed, or another kind of pointer)");
    }
    return OSSR_OK;
}

// live_job is the job behind a caller's handle of the kind magic names, or NULL when the handle
// is NULL, freed, or another kind of pointer. The job is each handle's first member.
static struct job *live_job(void *handle, uint64_t magic)
{
    struct job *j = handle;
    return j != NULL && j->magic == magic ? j : NULL;
}

static int check_upload(ossr_upload *up)
{
    return live_job(up, UPLOAD_MAGIC) != NULL ? OSSR_OK : OSSR_E_ARG;
}

int ossr_client_new(const ossr_client_options *opts, ossr_client **out, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (out != NULL) {
        *out = NULL;
    }
    if (forked()) {
        return fail_forked(err);
    }
    if (opts == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "opts", "opts is NULL");
    }
    if (out == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "out", "out is NULL");
    }
    ossr_client_options o;
    int rc = copy_options(&o, sizeof(o), client_options_older, opts, "ossr_client_options", "OSSR_CLIENT_OPTIONS_INIT", err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_client *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return fail(err, OSSR_E_INTERNAL, "OutOfMemory", "", "out of memory");
    }
    ossr_error *e = NULL;
    rc = ossrgo_client_new(&o, &c->h, &e);
    if (rc != OSSR_OK) {
        free(c);
        hand_over_error(err, e);
        return rc;
    }
    c->magic = CLIENT_MAGIC;
    *out = c;
    return OSSR_OK;
}

void ossr_client_free(ossr_client *c)
{
    if (c == NULL || forked() || c->magic != CLIENT_MAGIC) {
        return;
    }
    c->magic = 0;
    ossrgo_client_free(c->h);
    free(c);
}

// prepare_upload does the checks shared by ossr_upload_file and ossr_upload_start.
static int prepare_upload(ossr_client *client, const ossr_upload_options *opts,
                          ossr_upload_options *o, ossr_error **err)
{
    if (forked()) {
        return fail_forked(err);
    }
    int rc = check_client(client, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    if (opts == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "opts", "opts is NULL");
    }
    return copy_options(o, sizeof(*o), upload_options_older, opts, "ossr_upload_options", "OSSR_UPLOAD_OPTIONS_INIT", err);
}

int ossr_upload_file(ossr_client *client, const ossr_upload_options *opts,
                     ossr_progress_fn progress, void *user_data,
                     ossr_result **res, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (res != NULL) {
        *res = NULL;
    }
    ossr_upload_options o;
    int rc = prepare_upload(client, opts, &o, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    rc = ossrgo_upload_file(client->h, &o, progress, user_data, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

int ossr_upload_start(ossr_client *client, const ossr_upload_options *opts,
                      ossr_upload **out, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (out != NULL) {
        *out = NULL;
    }
    ossr_upload_options o;
    int rc = prepare_upload(client, opts, &o, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    if (out == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "out", "out is NULL");
    }
    ossr_upload *up = calloc(1, sizeof(*up));
    if (up == NULL) {
        return fail(err, OSSR_E_INTERNAL, "OutOfMemory", "", "out of memory");
    }
    atomic_init(&up->j.cancel, 0);
    ossr_error *e = NULL;
    rc = ossrgo_upload_start(client->h, &o, up, &up->j.h, &e);
    if (rc != OSSR_OK) {
        free(up);
        hand_over_error(err, e);
        return rc;
    }
    up->j.magic = UPLOAD_MAGIC;
    *out = up;
    return OSSR_OK;
}

/* put_progress stores a progress reading into whichever of the caller's outputs are not NULL. */
static void put_progress(int64_t *done, int64_t *total, int *finished, int64_t d, int64_t t, int f)
{
    if (done != NULL) {
        *done = d;
    }
    if (total != NULL) {
        *total = t;
    }
    if (finished != NULL) {
        *finished = f;
    }
}

// The handle functions both families share: name and kind word the error ("up",
// "ossr_upload"); wait says whether progress blocks up to timeout_ms for a change.
static int job_progress(void *handle, uint64_t magic, int wait, int timeout_ms, int64_t *done,
                        int64_t *total, int *finished)
{
    put_progress(done, total, finished, 0, 0, 0);
    if (forked()) {
        return OSSR_E_FORK;
    }
    struct job *j = live_job(handle, magic);
    if (j == NULL) {
        return OSSR_E_ARG;
    }
    int64_t d = 0, t = 0;
    int f = 0;
    int rc = wait ? ossrgo_upload_progress_wait(j->h, timeout_ms, &d, &t, &f)
                  : ossrgo_upload_progress(j->h, &d, &t, &f);
    put_progress(done, total, finished, d, t, f);
    return rc;
}

static int job_wait(void *handle, uint64_t magic, const char *name, const char *kind,
                    int timeout_ms, ossr_result **res, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (res != NULL) {
        *res = NULL;
    }
    if (forked()) {
        return fail_forked(err);
    }
    struct job *j = live_job(handle, magic);
    if (handle == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", name, "%s is NULL", name);
    }
    if (j == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", name, "%s is not a live %s", name, kind);
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossrgo_upload_wait(j->h, timeout_ms, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

// Async-signal-safe: getpid and a lock-free atomic store only.
static int job_cancel(void *handle, uint64_t magic)
{
    if (forked()) {
        return OSSR_E_FORK;
    }
    struct job *j = live_job(handle, magic);
    if (j == NULL) {
        return OSSR_E_ARG;
    }
    atomic_store(&j->cancel, 1);
    return OSSR_OK;
}

static void job_free(void *handle, uint64_t magic)
{
    struct job *j = live_job(handle, magic);
    if (j == NULL || forked()) {
        return;
    }
    atomic_store(&j->cancel, 1);
    ossrgo_upload_free(j->h); // waits until the Go half no longer looks at the handle
    j->magic = 0;
    free(handle);
}

int ossr_upload_progress(ossr_upload *up, int64_t *done, int64_t *total, int *finished)
{
    return job_progress(up, UPLOAD_MAGIC, 0, 0, done, total, finished);
}

int ossr_upload_progress_wait(ossr_upload *up, int timeout_ms, int64_t *done, int64_t *total,
                              int *finished)
{
    return job_progress(up, UPLOAD_MAGIC, 1, timeout_ms, done, total, finished);
}

int ossr_upload_wait(ossr_upload *up, int timeout_ms, ossr_result **res, ossr_error **err)
{
    return job_wait(up, UPLOAD_MAGIC, "up", "ossr_upload", timeout_ms, res, err);
}

int ossr_upload_cancel(ossr_upload *up)
{
    return job_cancel(up, UPLOAD_MAGIC);
}

int ossrn_cancel_requested(ossr_upload *up)
{
    return atomic_load(&up->j.cancel);
}

void ossr_upload_free(ossr_upload *up)
{
    job_free(up, UPLOAD_MAGIC);
}

int ossrn_call_progress(ossr_progress_fn fn, int64_t done, int64_t total, void *user_data)
{
    return fn(done, total, user_data);
}

int ossr_upload_state(ossr_upload *up, ossr_result **res, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (res != NULL) {
        *res = NULL;
    }
    if (forked()) {
        return fail_forked(err);
    }
    if (check_upload(up) != OSSR_OK) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "up",
                    up == NULL ? "up is NULL" : "up is not a live ossr_upload");
    }
    if (res == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "res", "res is NULL");
    }
    ossr_error *e = NULL;
    int rc = ossrgo_upload_state(up->j.h, res, &e);
    hand_over_error(err, e);
    return rc;
}

// prepare_op does the checks shared by the calls on multipart uploads: the outputs cleared, the
// fork guard, a live client. The Go half checks the strings.
static int prepare_op(ossr_client *client, ossr_result **res, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (res != NULL) {
        *res = NULL;
    }
    if (forked()) {
        return fail_forked(err);
    }
    return check_client(client, err);
}

int ossr_list_parts(ossr_client *client, const char *bucket, const char *key,
                    const char *upload_id, ossr_result **res, ossr_error **err)
{
    int rc = prepare_op(client, res, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    rc = ossrgo_multipart_op(client->h, OSSRN_OP_LIST_PARTS, (char *)bucket, (char *)key, (char *)upload_id, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

int ossr_list_uploads(ossr_client *client, const char *bucket, const char *prefix,
                      ossr_result **res, ossr_error **err)
{
    int rc = prepare_op(client, res, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    rc = ossrgo_multipart_op(client->h, OSSRN_OP_LIST_UPLOADS, (char *)bucket, (char *)prefix, NULL, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

int ossr_abort_upload(ossr_client *client, const char *bucket, const char *key,
                      const char *upload_id, ossr_result **res, ossr_error **err)
{
    int rc = prepare_op(client, res, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    rc = ossrgo_multipart_op(client->h, OSSRN_OP_ABORT, (char *)bucket, (char *)key, (char *)upload_id, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

int ossr_client_set_credentials(ossr_client *client, const char *access_key_id,
                                const char *access_key_secret, const char *security_token,
                                ossr_error **err)
{
    int rc = prepare_op(client, NULL, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_error *e = NULL;
    rc = ossrgo_client_set_credentials(client->h, (char *)access_key_id, (char *)access_key_secret,
                                       (char *)security_token, &e);
    hand_over_error(err, e);
    return rc;
}

// issue 21: download. The same checks and hand-overs as the upload family above, one to one.

#define DOWNLOAD_MAGIC UINT64_C(0x6f7373722d646f77) // "ossr-dow"

struct ossr_download {
    struct job j;
};

// prepare_download does the checks shared by ossr_download_file and ossr_download_start.
static int prepare_download(ossr_client *client, const ossr_download_options *opts,
                            ossr_download_options *o, ossr_error **err)
{
    if (forked()) {
        return fail_forked(err);
    }
    int rc = check_client(client, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    if (opts == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "opts", "opts is NULL");
    }
    // No field appended yet: only this version's size (or a newer, zero-tailed one).
    return copy_options(o, sizeof(*o), NULL, opts, "ossr_download_options", "OSSR_DOWNLOAD_OPTIONS_INIT", err);
}

int ossr_download_file(ossr_client *client, const ossr_download_options *opts,
                       ossr_progress_fn progress, void *user_data,
                       ossr_result **res, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (res != NULL) {
        *res = NULL;
    }
    ossr_download_options o;
    int rc = prepare_download(client, opts, &o, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    rc = ossrgo_download_file(client->h, &o, progress, user_data, &r, &e);
    hand_over_result(res, r);
    hand_over_error(err, e);
    return rc;
}

int ossr_download_start(ossr_client *client, const ossr_download_options *opts,
                        ossr_download **out, ossr_error **err)
{
    if (err != NULL) {
        *err = NULL;
    }
    if (out != NULL) {
        *out = NULL;
    }
    ossr_download_options o;
    int rc = prepare_download(client, opts, &o, err);
    if (rc != OSSR_OK) {
        return rc;
    }
    if (out == NULL) {
        return fail(err, OSSR_E_ARG, "InvalidArgument", "out", "out is NULL");
    }
    ossr_download *dl = calloc(1, sizeof(*dl));
    if (dl == NULL) {
        return fail(err, OSSR_E_INTERNAL, "OutOfMemory", "", "out of memory");
    }
    atomic_init(&dl->j.cancel, 0);
    ossr_error *e = NULL;
    rc = ossrgo_download_start(client->h, &o, dl, &dl->j.h, &e);
    if (rc != OSSR_OK) {
        free(dl);
        hand_over_error(err, e);
        return rc;
    }
    dl->j.magic = DOWNLOAD_MAGIC;
    *out = dl;
    return OSSR_OK;
}

// A download handle's Go half is a run of the same kind as an upload's, so its handle
// functions are the upload's.
int ossr_download_progress(ossr_download *dl, int64_t *done, int64_t *total, int *finished)
{
    return job_progress(dl, DOWNLOAD_MAGIC, 0, 0, done, total, finished);
}

int ossr_download_progress_wait(ossr_download *dl, int timeout_ms, int64_t *done, int64_t *total,
                                int *finished)
{
    return job_progress(dl, DOWNLOAD_MAGIC, 1, timeout_ms, done, total, finished);
}

int ossr_download_wait(ossr_download *dl, int timeout_ms, ossr_result **res, ossr_error **err)
{
    return job_wait(dl, DOWNLOAD_MAGIC, "dl", "ossr_download", timeout_ms, res, err);
}

int ossr_download_cancel(ossr_download *dl)
{
    return job_cancel(dl, DOWNLOAD_MAGIC);
}

int ossrn_download_cancel_requested(ossr_download *dl)
{
    return atomic_load(&dl->j.cancel);
}

void ossr_download_free(ossr_download *dl)
{
    job_free(dl, DOWNLOAD_MAGIC);
}
// issue 21: download (end)
