/* The native API over HTTPS: ossemu's certificate comes from a CA of its own (OSSEMU_CA), so
 * only a client that trusts it through ca_file or ca_path gets through. Run by run.sh through
 * tests/c/with_ossemu.sh --tls. Also a caller built against the header before ca_path, which
 * passes the shorter size, still gets a working client. */
#include "native_test.h"

#include <stddef.h>

static const char *ca_pem(void)
{
    return getenv("OSSEMU_CA");
}

/* upload_with sends a fresh 300 KiB file (three parts) to key through a client made from co;
 * returns the upload's code, and checks the result when it succeeded. */
static int upload_with(const ossr_client_options *co, const char *key)
{
    ossr_client *c = NULL;
    ossr_error *e = NULL;
    int rc = ossr_client_new(co, &c, &e);
    report("ossr_client_new", rc, e);
    ossr_error_free(e);
    if (rc != OSSR_OK) {
        return rc;
    }
    const char *path = scratch_path("tls.bin");
    const size_t size = 300 * KIB;
    unsigned char *data = make_file(path, size, 21);
    ossr_upload_options o = upload_opts(key, path);
    ossr_result *r = NULL;
    e = NULL;
    rc = ossr_upload_file(c, &o, NULL, NULL, &r, &e);
    if (rc == OSSR_OK && r != NULL) {
        CHECK_INT(r->total_bytes, size);
        CHECK(r->crc64 == aos_crc64(0, data, size));
    } else if (e != NULL) {
        fprintf(stderr, "     %s -> %s: %.100s\n", key, ossr_code_name(rc), e->message);
    }
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    return rc;
}

static ossr_client_options tls_options(void)
{
    ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;
    o.endpoint = ossemu_endpoint();
    o.region = "cn-hangzhou";
    o.access_key_id = "ak";
    o.access_key_secret = "sk";
    o.retries = -1;
    o.connect_timeout_ms = 2000;
    return o;
}

/* scratch_dir makes an empty directory under TMPDIR; the caller removes it. */
static char *scratch_dir(const char *name)
{
    char *d = strdup(scratch_path(name));
    CHECK_INT(mkdir(d, 0700), 0);
    return d;
}

static void join(char *out, size_t n, const char *dir, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f != NULL) {
        fputs(text, f);
        fclose(f);
    }
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CHECK(in != NULL && out != NULL);
    char buf[4096];
    size_t n;
    while (in != NULL && out != NULL && (n = fread(buf, 1, sizeof(buf), in)) > 0) {
        CHECK_INT(fwrite(buf, 1, n, out), n);
    }
    if (in != NULL) {
        fclose(in);
    }
    if (out != NULL) {
        fclose(out);
    }
}

/* Without the CA the handshake fails: what the tests below get through is the CA's doing. */
static void test_unknown_ca(void)
{
    ossr_client_options o = tls_options();
    CHECK_INT(upload_with(&o, "tls/unknown.bin"), OSSR_E_NETWORK);
}

static void test_ca_file(void)
{
    ossr_client_options o = tls_options();
    o.ca_file = ca_pem();
    CHECK_INT(upload_with(&o, "tls/ca-file.bin"), OSSR_OK);
}

/* c_rehash's layout: a hash-named link to the certificate, beside a file that holds none. */
static void test_ca_path_link(void)
{
    char *dir = scratch_dir("capath-link");
    char link[600], other[600];
    join(link, sizeof(link), dir, "5ed36f99.0");
    join(other, sizeof(other), dir, "README");
    CHECK_INT(symlink(ca_pem(), link), 0);
    write_text(other, "not a certificate\n");
    ossr_client_options o = tls_options();
    o.ca_path = dir;
    CHECK_INT(upload_with(&o, "tls/ca-path-link.bin"), OSSR_OK);
    unlink(link);
    unlink(other);
    rmdir(dir);
    free(dir);
}

/* A plain copy of the certificate, reached through a link to the directory itself. */
static void test_ca_path_copy_through_linked_dir(void)
{
    char *dir = scratch_dir("capath-copy");
    char pem[600];
    join(pem, sizeof(pem), dir, "ossemu-ca.pem");
    copy_file(ca_pem(), pem);
    const char *alias = scratch_path("capath-alias");
    CHECK_INT(symlink(dir, alias), 0);
    ossr_client_options o = tls_options();
    o.ca_path = alias;
    CHECK_INT(upload_with(&o, "tls/ca-path-copy.bin"), OSSR_OK);
    unlink(alias);
    unlink(pem);
    rmdir(dir);
    free(dir);
}

/* expect_ca_path_refused: ossr_client_new itself refuses, so no upload ever starts. */
static void expect_ca_path_refused(const char *what, const char *ca_path)
{
    ossr_client_options o = tls_options();
    o.ca_path = ca_path;
    ossr_client *c = NULL;
    ossr_error *e = NULL;
    int rc = ossr_client_new(&o, &c, &e);
    fprintf(stderr, "     %s -> %s: %s\n", what, ossr_code_name(rc), e != NULL ? e->message : "-");
    CHECK_INT(rc, OSSR_E_ARG);
    CHECK(c == NULL);
    CHECK(e != NULL);
    if (e != NULL) {
        CHECK_STR(e->field, "ca_path");
        CHECK(strstr(e->message, "ca_path") != NULL);
    }
    ossr_error_free(e);
    ossr_client_free(c);
}

static void test_ca_path_refused(void)
{
    char *dir = scratch_dir("capath-empty");
    expect_ca_path_refused("empty directory", dir);
    char other[600];
    join(other, sizeof(other), dir, "README");
    write_text(other, "not a certificate\n");
    expect_ca_path_refused("no certificate in any file", dir);
    expect_ca_path_refused("missing", "/nonexistent/certs");
    expect_ca_path_refused("a file", ca_pem());
    unlink(other);
    rmdir(dir);
    free(dir);
}

/* A caller compiled against the header before ca_path passes the size that ends where ca_path
 * begins. What lies past that size is not the caller's: a path there must not be read. */
static void test_size_before_ca_path(void)
{
    ossr_client_options o = tls_options();
    o.size = offsetof(ossr_client_options, ca_path);
    o.ca_file = ca_pem();
    o.ca_path = "/nonexistent/certs";
    CHECK_INT(upload_with(&o, "tls/old-size.bin"), OSSR_OK);

    /* Nor a path that would work: the CA is then trusted by nothing the caller passed. */
    char *dir = scratch_dir("capath-stray");
    char pem[600];
    join(pem, sizeof(pem), dir, "ossemu-ca.pem");
    copy_file(ca_pem(), pem);
    o.ca_file = NULL;
    o.ca_path = dir;
    CHECK_INT(upload_with(&o, "tls/old-size-stray.bin"), OSSR_E_NETWORK);
    o.size = sizeof(o); /* the control: at the full size the same directory is trusted */
    CHECK_INT(upload_with(&o, "tls/full-size.bin"), OSSR_OK);
    unlink(pem);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    if (ca_pem() == NULL || strncmp(ossemu_endpoint(), "https://", 8) != 0) {
        fprintf(stderr, "OSSEMU_CA and an https OSSEMU_URL are needed: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_unknown_ca);
    RUN(test_ca_file);
    RUN(test_ca_path_link);
    RUN(test_ca_path_copy_through_linked_dir);
    RUN(test_ca_path_refused);
    RUN(test_size_before_ca_path);
    return check_summary();
}
