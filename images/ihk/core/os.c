// SPDX-License-Identifier: GPL-2.0
/*
 * IHK core: OS instances. Each one is a /dev/mcos<N> file through which
 * ihkosctl assigns resources, loads, boots and inspects it, and through
 * which mcexec reaches mcctrl (the aux ioctls). An instance holds a
 * reference on the driver's module, and cannot be destroyed while any
 * process has its file open.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <ihk/board.h>
#include <ihk/ihk_host_user.h>
#include "core.h"

/* An open /dev/mcos<N>. */
struct ihk_os_file {
	struct ihk_os *os;
	/* The user-call handlers its aux ioctls went to, pinned until release. */
	struct ihk_os_user_call *uc;
};

static struct ihk_os *ihk_oses[IHK_MAX_OS];
static struct class *mcos_class;
static dev_t mcos_devt;
static struct cdev mcos_cdev;

/* Called with ihk_mutex held. */
struct ihk_os *ihk_os_at(int index)
{
	return ihk_oses[index];
}

/* Called with ihk_mutex held: is @os one of ours (not destroyed)? */
bool ihk_os_exists(struct ihk_os *os)
{
	int i;

	for (i = 0; i < IHK_MAX_OS; i++)
		if (os && ihk_oses[i] == os)
			return true;
	return false;
}

static int mcos_open(struct inode *inode, struct file *file)
{
	struct ihk_os_file *f = kzalloc(sizeof(*f), GFP_KERNEL);
	unsigned int index = iminor(inode);
	int ret = -ENODEV;

	if (!f)
		return -ENOMEM;
	mutex_lock(&ihk_mutex);
	if (index < IHK_MAX_OS && ihk_oses[index]) {
		ihk_oses[index]->open_count++;
		f->os = ihk_oses[index];
		file->private_data = f;
		ret = 0;
	}
	mutex_unlock(&ihk_mutex);
	if (ret)
		kfree(f);
	return ret;
}

/* The user-call handlers may sleep here: no mutex is held around them. */
static int mcos_release(struct inode *inode, struct file *file)
{
	struct ihk_os_file *f = file->private_data;

	if (f->uc) {
		f->uc->release(f->os, file, f->uc->priv);
		module_put(f->uc->owner);
	}
	mutex_lock(&ihk_mutex);
	f->os->open_count--;
	mutex_unlock(&ihk_mutex);
	kfree(f);
	return 0;
}

static long mcos_string_op(struct ihk_os *os, int (*op)(void *, const char *),
			   unsigned long arg)
{
	char *s = ihk_string_arg(arg);
	long ret;

	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = op(os->priv, s);
	kfree(s);
	return ret;
}

static long mcos_query(struct ihk_os *os, int (*query)(void *, char *, size_t),
		       unsigned long arg)
{
	char *buf = kzalloc(IHK_QUERY_BUF_SIZE, GFP_KERNEL);
	long ret;

	if (!buf)
		return -ENOMEM;
	ret = query(os->priv, buf, IHK_QUERY_BUF_SIZE);
	if (!ret)
		ret = ihk_copy_query(arg, buf);
	kfree(buf);
	return ret;
}

/* Only IHK_KARGS_SIZE - 1 characters fit in the boot parameters. */
static long mcos_set_kargs(struct ihk_os *os, unsigned long arg)
{
	char *s = ihk_string_arg(arg);

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (strlen(s) >= IHK_KARGS_SIZE) {
		kfree(s);
		return -E2BIG;
	}
	kfree(os->kargs);
	os->kargs = s;
	return 0;
}

static long mcos_read_kmsg(struct ihk_os *os, unsigned long arg)
{
	char *buf = kvzalloc(IHK_KMSG_SIZE, GFP_KERNEL);
	ssize_t len;

	if (!buf)
		return -ENOMEM;
	len = ihk_ops->os_ops->read_kmsg(os->priv, buf, IHK_KMSG_SIZE);
	if (len > 0 && copy_to_user((char __user *)arg, buf, len))
		len = -EFAULT;
	kvfree(buf);
	return len;
}

static long mcos_boot(struct ihk_os *os)
{
	long ret = ihk_ops->os_ops->boot(os->priv, os->kargs ? os->kargs : "");

	return ret ? ret : ihk_ikc_start(os);
}

/*
 * Shutdown or destroy: no more IKC, and the user-call handlers forget the
 * OS. Files that used them keep them until they are closed.
 */
static void ihk_os_forget(struct ihk_os *os)
{
	ihk_ikc_stop(os);
	if (os->uc) {
		os->uc->os_shutdown(os, os->uc->priv);
		os->uc = NULL;
	}
}

static long mcos_dispatch(struct ihk_os *os, unsigned int cmd, unsigned long arg)
{
	const struct ihk_os_ops *ops = ihk_ops->os_ops;

	switch (cmd) {
	case IHK_OS_LOAD:
		return mcos_string_op(os, ops->load, arg);
	case IHK_OS_BOOT:
		return mcos_boot(os);
	case IHK_OS_SHUTDOWN:
		ihk_os_forget(os);
		return ops->shutdown(os->priv);
	case IHK_OS_QUERY_STATUS:
		return ops->status(os->priv);
	case IHK_OS_SET_KARGS:
		return mcos_set_kargs(os, arg);
	case IHK_OS_QUERY_FREE_MEM:
		return ops->query_free_mem(os->priv);
	case IHK_OS_READ_KMSG:
		return mcos_read_kmsg(os, arg);
	case IHK_OS_CLEAR_KMSG:
		return ops->clear_kmsg(os->priv);
	case IHK_OS_ASSIGN_CPU:
		return mcos_string_op(os, ops->assign_cpu, arg);
	case IHK_OS_RELEASE_CPU:
		return mcos_string_op(os, ops->release_cpu, arg);
	case IHK_OS_ASSIGN_MEM:
		return mcos_string_op(os, ops->assign_mem, arg);
	case IHK_OS_RELEASE_MEM:
		return mcos_string_op(os, ops->release_mem, arg);
	case IHK_OS_QUERY_CPU:
		return mcos_query(os, ops->query_cpu, arg);
	case IHK_OS_QUERY_MEM:
		return mcos_query(os, ops->query_mem, arg);
	default:
		return -ENOTTY;
	}
}

/* IHK passes this range of requests on to the user-call handlers (mcctrl). */
static bool mcos_aux_request(unsigned int cmd)
{
	return cmd >= 0x10000000 && cmd <= 0x7fffffff;
}

/* The handlers may block (waiting for a system call): no mutex around them. */
static long mcos_user_call(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ihk_os_file *f = file->private_data;
	struct ihk_os_user_call *uc;

	mutex_lock(&ihk_mutex);
	if (!f->uc && f->os->uc && try_module_get(f->os->uc->owner))
		f->uc = f->os->uc;
	uc = f->uc;
	mutex_unlock(&ihk_mutex);
	if (!uc)
		return -ENOTTY;
	return uc->ioctl(f->os, cmd, arg, file, uc->priv);
}

static long mcos_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ihk_os_file *f = file->private_data;
	long ret;

	if (mcos_aux_request(cmd))
		return mcos_user_call(file, cmd, arg);
	mutex_lock(&ihk_mutex);
	ret = mcos_dispatch(f->os, cmd, arg);
	mutex_unlock(&ihk_mutex);
	return ret;
}

static const struct file_operations mcos_fops = {
	.owner = THIS_MODULE,
	.open = mcos_open,
	.release = mcos_release,
	.unlocked_ioctl = mcos_ioctl,
	.compat_ioctl = mcos_ioctl,
};

/* Called with ihk_mutex held and a driver registered. */
long ihk_os_create(void)
{
	struct ihk_os *os;
	struct device *dev;
	int index;

	for (index = 0; index < IHK_MAX_OS && ihk_oses[index]; index++)
		;
	if (index == IHK_MAX_OS)
		return -ENOSPC;
	os = kzalloc(sizeof(*os), GFP_KERNEL);
	if (!os)
		return -ENOMEM;
	if (!try_module_get(ihk_ops->owner)) {
		kfree(os);
		return -ENODEV;
	}
	os->index = index;
	ihk_ikc_init(os);
	os->priv = ihk_ops->create_os(index);
	if (IS_ERR(os->priv))
		goto err;
	dev = device_create(mcos_class, NULL, MKDEV(MAJOR(mcos_devt), index),
			    NULL, "mcos%d", index);
	if (IS_ERR(dev)) {
		ihk_ops->destroy_os(os->priv);
		os->priv = dev;
		goto err;
	}
	ihk_oses[index] = os;
	pr_info("IHK: OS %d created. /dev/mcos%d\n", index, index);
	return index;
err:
	module_put(ihk_ops->owner);
	index = PTR_ERR(os->priv);
	kfree(os);
	return index;
}

/* Called with ihk_mutex held and a driver registered. */
long ihk_os_destroy(unsigned long index)
{
	struct ihk_os *os;

	if (index >= IHK_MAX_OS || !ihk_oses[index])
		return -ENOENT;
	os = ihk_oses[index];
	if (os->open_count)
		return -EBUSY;
	ihk_os_forget(os);
	ihk_ops->destroy_os(os->priv);
	ihk_ikc_free(os);
	device_destroy(mcos_class, MKDEV(MAJOR(mcos_devt), index));
	ihk_oses[index] = NULL;
	kfree(os->kargs);
	kfree(os);
	module_put(ihk_ops->owner);
	pr_info("IHK: OS %lu destroyed.\n", index);
	return 0;
}

int ihk_os_setup(struct class *cls)
{
	int ret;

	mcos_class = cls;
	ret = alloc_chrdev_region(&mcos_devt, 0, IHK_MAX_OS, "mcos");
	if (ret)
		return ret;
	cdev_init(&mcos_cdev, &mcos_fops);
	ret = cdev_add(&mcos_cdev, mcos_devt, IHK_MAX_OS);
	if (ret)
		unregister_chrdev_region(mcos_devt, IHK_MAX_OS);
	return ret;
}

/* No instance can exist here: each one pins the driver, which pins us. */
void ihk_os_cleanup(void)
{
	cdev_del(&mcos_cdev);
	unregister_chrdev_region(mcos_devt, IHK_MAX_OS);
}
