/**
 * @file ossresume_version.h
 * @brief The version of libossresume.
 */
#ifndef OSSRESUME_VERSION_H
#define OSSRESUME_VERSION_H

#define OSSRESUME_VERSION_MAJOR 0
#define OSSRESUME_VERSION_MINOR 1
#define OSSRESUME_VERSION_PATCH 0
#define OSSRESUME_VERSION "0.1.0"
/** Changes only with an incompatible ABI change; the library's SONAME is libossresume.so.<this>. */
#define OSSRESUME_SOVERSION 0

#endif /* OSSRESUME_VERSION_H */
