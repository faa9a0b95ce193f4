// The native header from C++: it compiles with every warning as an error, links with C names,
// and an upload through it round-trips (with RAII owners, as C++ callers write them).
#include "ossresume.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

struct ClientFree {
    void operator()(ossr_client *c) const { ossr_client_free(c); }
};
struct ResultFree {
    void operator()(ossr_result *r) const { ossr_result_free(r); }
};
struct ErrorFree {
    void operator()(ossr_error *e) const { ossr_error_free(e); }
};

int failures = 0;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "CHECK failed: %s\n", what);
        failures++;
    }
}

int count_progress(int64_t done, int64_t total, void *user_data)
{
    std::vector<int64_t> *seen = static_cast<std::vector<int64_t> *>(user_data);
    seen->push_back(done);
    return done > total; // never: values never exceed total
}

} // namespace

int main()
{
    const char *url = std::getenv("OSSEMU_URL");
    if (url == nullptr) {
        std::fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    const char *tmp = std::getenv("TMPDIR");
    std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/ossr-native-cpp.bin";
    std::string data(150 * 1024, '\0');
    for (size_t i = 0; i < data.size(); i++) {
        data[i] = static_cast<char>(i * 7 + 3);
    }
    std::ofstream(path, std::ios::binary) << data;

    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = url;
    co.region = "cn-hangzhou";
    co.access_key_id = "ak";
    co.access_key_secret = "sk";
    ossr_client *raw = nullptr;
    check(ossr_client_new(&co, &raw, nullptr) == OSSR_OK, "ossr_client_new");
    std::unique_ptr<ossr_client, ClientFree> client(raw);

    ossr_upload_options uo = OSSR_UPLOAD_OPTIONS_INIT;
    uo.bucket = "examplebucket";
    uo.key = "native/cpp.bin";
    uo.file_path = path.c_str();
    uo.part_size = OSSR_MIN_PART_SIZE;
    std::vector<int64_t> seen;
    ossr_result *res = nullptr;
    ossr_error *err = nullptr;
    int rc = ossr_upload_file(client.get(), &uo, count_progress, &seen, &res, &err);
    std::unique_ptr<ossr_result, ResultFree> result(res);
    std::unique_ptr<ossr_error, ErrorFree> error(err);
    if (rc != OSSR_OK) {
        std::fprintf(stderr, "upload: %s: %s\n", ossr_code_name(rc), error ? error->message : "?");
    }
    check(rc == OSSR_OK, "upload");
    check(result && result->parts == 2 && result->total_bytes == static_cast<int64_t>(data.size()),
          "result");
    check(!seen.empty() && seen.back() == static_cast<int64_t>(data.size()), "progress");
    std::remove(path.c_str());
    std::printf("%s\n", failures == 0 ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return failures == 0 ? 0 : 1;
}
