/**
 * @file aos_log.h
 * @brief The library's log: a level, a formatter and a printer, all replaceable.
 *
 * The log macros test the data symbol aos_log_level and call through aos_log_format, as in the
 * official SDK, so programs that use them link against those symbols. Setting the level, the
 * formatter or the printer is not synchronised: do it before starting uploads.
 */
#ifndef OSSRESUME_AOS_LOG_H
#define OSSRESUME_AOS_LOG_H

#include "aos_define.h"

AOS_CPP_START

typedef enum {
    AOS_LOG_OFF = 1,
    AOS_LOG_FATAL,
    AOS_LOG_ERROR,
    AOS_LOG_WARN,
    AOS_LOG_INFO,
    AOS_LOG_DEBUG,
    AOS_LOG_TRACE,
    AOS_LOG_ALL
} aos_log_level_e;

/** Where aos_log_set_output sends log lines: a stdio stream here (APR files do not exist in
 *  this library). */
typedef FILE apr_file_t;

typedef void (*aos_log_print_pt)(const char *message, int len);
typedef void (*aos_log_format_pt)(int level, const char *file, int line, const char *function,
                                  const char *fmt, ...);

/** The current level; messages above it are dropped. Default AOS_LOG_WARN. */
extern aos_log_level_e aos_log_level;
/** The formatter the log macros call. */
extern aos_log_format_pt aos_log_format;
/** The printer the default formatter writes each finished line through. */
extern aos_log_print_pt aos_log_print;

/** @brief Sets the level. */
void aos_log_set_level(aos_log_level_e level);
/** @brief Sends lines to @p output (NULL: stderr). The stream stays the caller's. */
void aos_log_set_output(apr_file_t *output);
/** @brief Replaces the printer (NULL restores the default). */
void aos_log_set_print(aos_log_print_pt p);
/** @brief Replaces the formatter (NULL restores the default). */
void aos_log_set_format(aos_log_format_pt p);
/** The default printer: writes to the output set by aos_log_set_output. */
void aos_log_print_default(const char *message, int len);
/** The default formatter: `[YYYY-MM-DD HH:MM:SS.mmm] <thread> <file>:<line> <message>`. */
void aos_log_format_default(int level, const char *file, int line, const char *function,
                            const char *fmt, ...) OSSR_PRINTF(5, 6);

#define aos_log_at(lvl, ...) do { \
        if (aos_log_level >= (lvl)) \
            aos_log_format((lvl), __FILE__, __LINE__, __func__, __VA_ARGS__); \
    } while (0)

#define aos_fatal_log(...) aos_log_at(AOS_LOG_FATAL, __VA_ARGS__)
#define aos_error_log(...) aos_log_at(AOS_LOG_ERROR, __VA_ARGS__)
#define aos_warn_log(...) aos_log_at(AOS_LOG_WARN, __VA_ARGS__)
#define aos_info_log(...) aos_log_at(AOS_LOG_INFO, __VA_ARGS__)
#define aos_debug_log(...) aos_log_at(AOS_LOG_DEBUG, __VA_ARGS__)
#define aos_trace_log(...) aos_log_at(AOS_LOG_TRACE, __VA_ARGS__)

AOS_CPP_END

#endif /* OSSRESUME_AOS_LOG_H */
