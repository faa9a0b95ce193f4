// The resumable upload from C++: the same headers and call, with RAII around the pool and the
// library, and a lambda-free progress callback that reports through user data.
//
//   resumable_upload ENDPOINT REGION BUCKET KEY FILE   (credentials from OSS_ACCESS_KEY_ID and
//                                                       OSS_ACCESS_KEY_SECRET)
#include "oss_api.h"
#include "aos_http_io.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

// Library holds aos_http_io_initialize for the program's lifetime.
struct Library {
    Library()
    {
        if (aos_http_io_initialize("cpp-example", 0) != AOSE_OK) {
            throw std::runtime_error("aos_http_io_initialize failed");
        }
    }
    ~Library() { aos_http_io_deinitialize(); }
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;
};

// Pool owns one root pool; everything a call returns lives until it goes.
struct Pool {
    aos_pool_t *p = nullptr;
    Pool()
    {
        if (aos_pool_create(&p, nullptr) != APR_SUCCESS) {
            throw std::runtime_error("aos_pool_create failed");
        }
    }
    ~Pool() { aos_pool_destroy(p); }
    Pool(const Pool &) = delete;
    Pool &operator=(const Pool &) = delete;
};

struct Progress {
    int calls = 0;
    int64_t last = 0;
};

extern "C" int on_progress(int64_t consumed, int64_t total, void *user_data)
{
    auto *p = static_cast<Progress *>(user_data);
    p->calls++;
    p->last = consumed;
    std::printf("progress %lld/%lld\n", static_cast<long long>(consumed),
                static_cast<long long>(total));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s ENDPOINT REGION BUCKET KEY FILE\n", argv[0]);
        return 2;
    }
    Library lib;
    Pool pool;
    oss_request_options_t *options = oss_request_options_create(pool.p);
    options->config = oss_config_create(pool.p);
    aos_str_set(&options->config->endpoint, argv[1]);
    aos_str_set(&options->config->region, argv[2]);
    aos_str_set(&options->config->access_key_id, std::getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&options->config->access_key_secret, std::getenv("OSS_ACCESS_KEY_SECRET"));
    options->config->signature_version = 4;
    options->ctl = aos_http_controller_create(pool.p, 0);

    aos_string_t bucket, object, file;
    aos_str_set(&bucket, argv[3]);
    aos_str_set(&object, argv[4]);
    aos_str_set(&file, argv[5]);
    aos_table_t *headers = aos_table_make(pool.p, 1);
    apr_table_set(headers, "x-oss-meta-language", "c++");
    oss_resumable_clt_params_t *params =
        oss_create_resumable_clt_params_content(pool.p, 100 * 1024, 2, AOS_TRUE, nullptr);

    Progress progress;
    aos_table_t *resp_headers = nullptr;
    aos_list_t resp_body;
    aos_list_init(&resp_body);
    aos_status_t *s = oss_resumable_upload_file_ex(options, &bucket, &object, &file, headers,
            nullptr, params, on_progress, &progress, &resp_headers, &resp_body);
    if (!aos_status_is_ok(s)) {
        std::fprintf(stderr, "upload failed: %d %s: %s\n", s->code,
                     s->error_code ? s->error_code : "-", s->error_msg ? s->error_msg : "-");
        return 1;
    }
    std::string body = aos_buf_list_content(pool.p, &resp_body);
    std::printf("uploaded, %d progress calls, ETag %s, %zu-byte reply\n", progress.calls,
                apr_table_get(resp_headers, "ETag"), body.size());
    return 0;
}
