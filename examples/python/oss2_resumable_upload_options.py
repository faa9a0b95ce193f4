import sys
from ossresume import oss2
from ossresume.oss2.credentials import EnvironmentVariableCredentialsProvider

auth = oss2.ProviderAuthV4(EnvironmentVariableCredentialsProvider())
endpoint = "https://oss-cn-hangzhou.aliyuncs.com"
region = "cn-hangzhou"
bucket = oss2.Bucket(auth, endpoint, "yourBucketName", region=region)

# Define a progress callback.
def percentage(consumed_bytes, total_bytes):
    if total_bytes:
        rate = int(100 * (float(consumed_bytes) / float(total_bytes)))
        print('\r{0}% '.format(rate), end='')
        sys.stdout.flush()

oss2.resumable_upload(bucket, '<yourObjectName>', '<yourLocalFile>',
                      store=oss2.ResumableStore(root='/tmp'),
                      multipart_threshold=100*1024,
                      part_size=100*1024,
                      progress_callback=percentage,
                      num_threads=4)
