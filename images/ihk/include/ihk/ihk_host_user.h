/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls of /dev/mcd<N> and /dev/mcos<N>, shared by ihk.ko and the
 * tools. Numbers are IHK's. String arguments are user pointers to
 * NUL-terminated text; query results are written into a user buffer of
 * IHK_QUERY_BUF_SIZE bytes, kmsg into one of IHK_KMSG_SIZE bytes.
 */
#ifndef IHK_HOST_USER_H
#define IHK_HOST_USER_H

#define IHK_DEVICE_CREATE_OS	0x112900	/* returns the new OS index */
#define IHK_DEVICE_DESTROY_OS	0x112901	/* arg: OS index */
#define IHK_DEVICE_RESERVE_CPU	0x112902	/* arg: CPU list */
#define IHK_DEVICE_RELEASE_CPU	0x112903	/* arg: CPU list */
#define IHK_DEVICE_RESERVE_MEM	0x112904	/* arg: size[@numa][,...] */
#define IHK_DEVICE_RELEASE_MEM	0x112905	/* arg: size[@numa][,...] or "all" */
#define IHK_DEVICE_QUERY_CPU	0x112906	/* arg: result buffer */
#define IHK_DEVICE_QUERY_MEM	0x112907	/* arg: result buffer */

#define IHK_OS_LOAD		0x112a00	/* arg: image path */
#define IHK_OS_BOOT		0x112a01
#define IHK_OS_SHUTDOWN		0x112a02
#define IHK_OS_QUERY_STATUS	0x112a03	/* returns IHK_OS_STATUS_* */
#define IHK_OS_SET_KARGS	0x112a04	/* arg: kernel command line */
#define IHK_OS_QUERY_FREE_MEM	0x112a05	/* returns free 4 KiB pages */
#define IHK_OS_READ_KMSG	0x112a20	/* arg: buffer; returns bytes */
#define IHK_OS_CLEAR_KMSG	0x112a21
#define IHK_OS_ASSIGN_CPU	0x112a22	/* arg: CPU list */
#define IHK_OS_RELEASE_CPU	0x112a23	/* arg: CPU list */
#define IHK_OS_ASSIGN_MEM	0x112a24	/* arg: size[@numa] */
#define IHK_OS_RELEASE_MEM	0x112a25	/* arg: size[@numa] */
#define IHK_OS_QUERY_CPU	0x112a26	/* arg: result buffer */
#define IHK_OS_QUERY_MEM	0x112a27	/* arg: result buffer */

#define IHK_QUERY_BUF_SIZE	1024
/* Longest string argument the core accepts (kargs included). */
#define IHK_ARG_MAX		1024

#endif /* IHK_HOST_USER_H */
