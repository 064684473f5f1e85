// SPDX-License-Identifier: GPL-2.0
/*
 * IHK core: the device file /dev/mcd0 through which ihkconfig manages the
 * resource pool of the registered driver and creates OS instances.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <ihk/ihk_host_user.h>
#include "core.h"

DEFINE_MUTEX(ihk_mutex);
const struct ihk_device_ops *ihk_ops;

static struct class *ihk_class;
static dev_t mcd_devt;
static struct cdev mcd_cdev;

char *ihk_string_arg(unsigned long arg)
{
	return strndup_user((const char __user *)arg, IHK_ARG_MAX);
}

/* Copies a query result (a NUL-terminated line) to the caller's buffer. */
long ihk_copy_query(unsigned long arg, const char *buf)
{
	size_t len = strnlen(buf, IHK_QUERY_BUF_SIZE - 1);

	if (copy_to_user((char __user *)arg, buf, len) ||
	    put_user('\0', (char __user *)arg + len))
		return -EFAULT;
	return 0;
}

static long mcd_string_op(int (*op)(const char *), unsigned long arg)
{
	char *s = ihk_string_arg(arg);
	long ret;

	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = op(s);
	kfree(s);
	return ret;
}

static long mcd_query(int (*query)(char *, size_t), unsigned long arg)
{
	char *buf = kzalloc(IHK_QUERY_BUF_SIZE, GFP_KERNEL);
	long ret;

	if (!buf)
		return -ENOMEM;
	ret = query(buf, IHK_QUERY_BUF_SIZE);
	if (!ret)
		ret = ihk_copy_query(arg, buf);
	kfree(buf);
	return ret;
}

static long mcd_dispatch(unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case IHK_DEVICE_CREATE_OS:
		return ihk_os_create();
	case IHK_DEVICE_DESTROY_OS:
		return ihk_os_destroy(arg);
	case IHK_DEVICE_RESERVE_CPU:
		return mcd_string_op(ihk_ops->reserve_cpu, arg);
	case IHK_DEVICE_RELEASE_CPU:
		return mcd_string_op(ihk_ops->release_cpu, arg);
	case IHK_DEVICE_RESERVE_MEM:
		return mcd_string_op(ihk_ops->reserve_mem, arg);
	case IHK_DEVICE_RELEASE_MEM:
		return mcd_string_op(ihk_ops->release_mem, arg);
	case IHK_DEVICE_QUERY_CPU:
		return mcd_query(ihk_ops->query_cpu, arg);
	case IHK_DEVICE_QUERY_MEM:
		return mcd_query(ihk_ops->query_mem, arg);
	default:
		return -ENOTTY;
	}
}

static long mcd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	mutex_lock(&ihk_mutex);
	/* An fd opened before the driver went away stays harmless. */
	ret = ihk_ops ? mcd_dispatch(cmd, arg) : -ENODEV;
	mutex_unlock(&ihk_mutex);
	return ret;
}

static const struct file_operations mcd_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = mcd_ioctl,
	.compat_ioctl = mcd_ioctl,
};

int ihk_register_device(const struct ihk_device_ops *ops)
{
	struct device *dev;
	int ret;

	mutex_lock(&ihk_mutex);
	ret = -EBUSY;
	if (ihk_ops)
		goto out;
	cdev_init(&mcd_cdev, &mcd_fops);
	ret = cdev_add(&mcd_cdev, mcd_devt, 1);
	if (ret)
		goto out;
	dev = device_create(ihk_class, NULL, mcd_devt, NULL, "mcd0");
	if (IS_ERR(dev)) {
		cdev_del(&mcd_cdev);
		ret = PTR_ERR(dev);
		goto out;
	}
	ihk_ops = ops;
	pr_info("IHK: Device builtin registered. /dev/mcd0 created.\n");
out:
	mutex_unlock(&ihk_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(ihk_register_device);

/* The driver's module cannot go while OS instances hold a reference to it. */
void ihk_unregister_device(const struct ihk_device_ops *ops)
{
	mutex_lock(&ihk_mutex);
	if (ihk_ops == ops) {
		device_destroy(ihk_class, mcd_devt);
		cdev_del(&mcd_cdev);
		ihk_ops = NULL;
		pr_info("IHK: Device builtin unregistered.\n");
	}
	mutex_unlock(&ihk_mutex);
}
EXPORT_SYMBOL_GPL(ihk_unregister_device);

static int __init ihk_init(void)
{
	int ret;

	ihk_class = class_create(THIS_MODULE, "ihk");
	if (IS_ERR(ihk_class))
		return PTR_ERR(ihk_class);
	ret = alloc_chrdev_region(&mcd_devt, 0, 1, "mcd");
	if (ret)
		goto err_class;
	ret = ihk_os_setup(ihk_class);
	if (ret)
		goto err_region;
	pr_info("IHK: Interface for Heterogeneous Kernels, the core, loaded.\n");
	return 0;
err_region:
	unregister_chrdev_region(mcd_devt, 1);
err_class:
	class_destroy(ihk_class);
	return ret;
}

static void __exit ihk_exit(void)
{
	ihk_os_cleanup();
	unregister_chrdev_region(mcd_devt, 1);
	class_destroy(ihk_class);
}

module_init(ihk_init);
module_exit(ihk_exit);
MODULE_DESCRIPTION("IHK core for cn01: device files, OS instances, ioctls");
MODULE_LICENSE("GPL");
