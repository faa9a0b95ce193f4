/**
 * @file aos_list.h
 * @brief An intrusive, circular, doubly-linked list (aos_list_t) and its macros.
 *
 * A list head is an aos_list_t that must be initialised with aos_list_init before use; entries
 * embed an aos_list_t member and are recovered with aos_list_entry. Nothing here allocates.
 */
#ifndef OSSRESUME_AOS_LIST_H
#define OSSRESUME_AOS_LIST_H

#include "aos_define.h"

AOS_CPP_START

typedef struct aos_list_s aos_list_t;

struct aos_list_s {
    aos_list_t *next, *prev;
};

#define aos_list_head_init(name) {&(name), &(name)}

#define aos_list_init(ptr) do { \
        (ptr)->next = (ptr); \
        (ptr)->prev = (ptr); \
    } while (0)

static inline void aos_list_insert(aos_list_t *node, aos_list_t *prev, aos_list_t *next)
{
    next->prev = node;
    node->next = next;
    node->prev = prev;
    prev->next = node;
}

/** @brief Appends @p node before @p head, i.e. at the list's tail. */
static inline void aos_list_add_tail(aos_list_t *node, aos_list_t *head)
{
    aos_list_insert(node, head->prev, head);
}

/** @brief Unlinks @p entry and leaves it pointing at NULL. */
static inline void aos_list_del(aos_list_t *entry)
{
    entry->prev->next = entry->next;
    entry->next->prev = entry->prev;
    entry->next = NULL;
    entry->prev = NULL;
}

/** @brief Non-zero when @p head has no entries. */
static inline int aos_list_empty(const aos_list_t *head)
{
    return head->next == head;
}

/** @brief Moves every entry of @p list onto @p new_list, replacing what @p new_list held, and
 *  leaves @p list empty. An empty @p list re-initialises @p new_list. */
static inline void aos_list_movelist(aos_list_t *list, aos_list_t *new_list)
{
    if (!aos_list_empty(list)) {
        new_list->prev = list->prev;
        new_list->next = list->next;
        new_list->prev->next = new_list;
        new_list->next->prev = new_list;
        list->next = list;
        list->prev = list;
    } else {
        new_list->next = new_list;
        new_list->prev = new_list;
    }
}

#define aos_list_entry(ptr, type, member) \
    ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define aos_list_get_first(list, type, member) \
    (aos_list_empty(list) ? NULL : aos_list_entry((list)->next, type, member))

#define aos_list_get_last(list, type, member) \
    (aos_list_empty(list) ? NULL : aos_list_entry((list)->prev, type, member))

/* The entry type comes first: C99 has no typeof. */
#define aos_list_for_each_entry(type, pos, head, member) \
    for ((pos) = aos_list_entry((head)->next, type, member); \
         &(pos)->member != (head); \
         (pos) = aos_list_entry((pos)->member.next, type, member))

#define aos_list_for_each_entry_reverse(type, pos, head, member) \
    for ((pos) = aos_list_entry((head)->prev, type, member); \
         &(pos)->member != (head); \
         (pos) = aos_list_entry((pos)->member.prev, type, member))

#define aos_list_for_each_entry_safe(type, pos, n, head, member) \
    for ((pos) = aos_list_entry((head)->next, type, member), \
         (n) = aos_list_entry((pos)->member.next, type, member); \
         &(pos)->member != (head); \
         (pos) = (n), (n) = aos_list_entry((n)->member.next, type, member))

#define aos_list_for_each_entry_safe_reverse(type, pos, n, head, member) \
    for ((pos) = aos_list_entry((head)->prev, type, member), \
         (n) = aos_list_entry((pos)->member.prev, type, member); \
         &(pos)->member != (head); \
         (pos) = (n), (n) = aos_list_entry((n)->member.prev, type, member))

AOS_CPP_END

#endif /* OSSRESUME_AOS_LIST_H */
