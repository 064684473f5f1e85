// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK process's user space inside its mcexec ("unified address space"):
 * a shared mapping of an anonymous file "[mckernel]" over
 * [MCK_USER_START, MCK_USER_END). A fault there walks the LWK process's
 * i386 page tables (in LWK memory) and maps the same physical page, so the
 * pointers of an offloaded call mean the same thing in mcexec. Every
 * physical address the tables name is checked against the OS memory; a page
 * the LWK has not mapped for user mode is SIGBUS. When the LWK changes its
 * mappings (vm_gen), the mirror is emptied and fills again on demand.
 *
 * The pages are mapped as ordinary pages (IHK's memory has struct pages with
 * their own references), not as raw PFNs: Linux calls that pin user buffers
 * with get_user_pages (9p's zero-copy reads and writes) work on them.
 *
 * The mapping's file holds a reference to the /dev/mcos0 file: the OS (and
 * its memory) cannot be destroyed while any mirror exists.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include "mcctrl.h"

#define PDE_SHIFT	22
#define PTE_INDEX(va)	(((va) >> PAGE_SHIFT) & 0x3ff)
#define PG_PRESENT	0x001
#define PG_USER		0x004
#define PG_LARGE	0x080
#define PG_ADDR		0xfffff000u

/* One 32-bit entry of an LWK page table. */
static int mcctrl_read_entry(phys_addr_t table, unsigned int index, u32 *entry)
{
	phys_addr_t pa = table + index * sizeof(u32);
	u32 *page;

	if (!mcctrl_phys_inside(table, PAGE_SIZE))
		return -EFAULT;
	page = kmap_local_page(pfn_to_page(PHYS_PFN(pa)));
	*entry = READ_ONCE(page[offset_in_page(pa) / sizeof(u32)]);
	kunmap_local(page);
	return 0;
}

/* The physical page behind user address @va of the LWK process, if any. */
static int mcctrl_translate(struct mcctrl_proc *proc, unsigned long va, phys_addr_t *pa)
{
	u32 pde, pte;

	if (READ_ONCE(proc->os_gone) ||
	    mcctrl_read_entry(proc->pgdir, va >> PDE_SHIFT, &pde))
		return -EFAULT;
	/* The LWK maps user memory with 4 KiB pages only. */
	if ((pde & (PG_PRESENT | PG_USER | PG_LARGE)) != (PG_PRESENT | PG_USER))
		return -EFAULT;
	if (mcctrl_read_entry(pde & PG_ADDR, PTE_INDEX(va), &pte))
		return -EFAULT;
	if ((pte & (PG_PRESENT | PG_USER)) != (PG_PRESENT | PG_USER) ||
	    !mcctrl_phys_inside(pte & PG_ADDR, PAGE_SIZE))
		return -EFAULT;
	*pa = pte & PG_ADDR;
	return 0;
}

static vm_fault_t mcctrl_mirror_fault(struct vm_fault *vmf)
{
	struct mcctrl_proc *proc = vmf->vma->vm_file->private_data;
	phys_addr_t pa;
	int ret;

	if (mcctrl_translate(proc, vmf->address, &pa))
		return VM_FAULT_SIGBUS;
	ret = vm_insert_page(vmf->vma, vmf->address & PAGE_MASK, pfn_to_page(PHYS_PFN(pa)));
	/* -EBUSY: another thread mapped it first. */
	if (ret && ret != -EBUSY)
		return vmf_error(ret);
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct mcctrl_mirror_vm_ops = {
	.fault = mcctrl_mirror_fault,
};

/* Pages put in one by one, never copied to a child, never dumped. */
static int mcctrl_mirror_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_MIXEDMAP | VM_DONTEXPAND | VM_DONTCOPY | VM_DONTDUMP;
	vma->vm_ops = &mcctrl_mirror_vm_ops;
	return 0;
}

static int mcctrl_mirror_release(struct inode *inode, struct file *file)
{
	struct mcctrl_proc *proc = file->private_data;

	fput(proc->file);
	return 0;
}

static const struct file_operations mcctrl_mirror_fops = {
	.owner = THIS_MODULE,
	.mmap = mcctrl_mirror_mmap,
	.release = mcctrl_mirror_release,
};

/* Into the caller (mcexec, after PREPARE_IMAGE), where nothing else may be. */
int mcctrl_mirror_map(struct mcctrl_proc *proc)
{
	struct file *mirror;
	unsigned long addr;

	mirror = anon_inode_getfile("[mckernel]", &mcctrl_mirror_fops, proc, O_RDWR);
	if (IS_ERR(mirror))
		return PTR_ERR(mirror);
	get_file(proc->file);
	addr = vm_mmap(mirror, MCK_USER_START, MCK_USER_END - MCK_USER_START,
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, 0);
	if (!IS_ERR_VALUE(addr))
		proc->mirror = mirror;
	fput(mirror);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/* Called by an mcexec thread (current->mm is the mirror's). */
void mcctrl_mirror_zap(struct mcctrl_proc *proc)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, MCK_USER_START);
	if (vma && vma->vm_file == proc->mirror)
		zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	mmap_read_unlock(mm);
}
