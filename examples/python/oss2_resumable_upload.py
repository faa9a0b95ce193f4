# -*- coding: utf-8 -*-
from ossresume import oss2
from ossresume.oss2.credentials import EnvironmentVariableCredentialsProvider

# Get access credentials from environment variables.
auth = oss2.ProviderAuthV4(EnvironmentVariableCredentialsProvider())

# Specify the endpoint for the region of your bucket.
# Example: China (Hangzhou)
endpoint = "https://oss-cn-hangzhou.aliyuncs.com"

# Specify the region. Required for V4 signatures.
region = "cn-hangzhou"

bucket = oss2.Bucket(auth, endpoint, "yourBucketName", region=region)

# Upload a local file to the specified object path.
# The object path (key) must not contain the bucket name.
oss2.resumable_upload(bucket, "exampledir/exampleobject.txt", "D:\\localpath\\examplefile.txt")
