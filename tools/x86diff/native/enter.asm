; Trampoline between the C runner and a generated snippet.
; x86diff_enter loads every register of the case from the in_* globals and jumps to the
; snippet; the snippet ends with `jmp [x86diff_exit_ptr]`, which lands in x86diff_exit. That
; stub stores every register in the out_* globals before touching the stack, because the
; snippet may have left ESP anywhere.
bits 32

section .bss
align 16
global x86diff_in_fx, x86diff_out_fx
x86diff_in_fx:   resb 512        ; fxrstor image of the case
x86diff_out_fx:  resb 512        ; fxsave image after the snippet
host_fx:         resb 512        ; the C code's own x87/SSE state
global x86diff_in_gpr, x86diff_out_gpr, x86diff_in_eflags, x86diff_out_eflags
x86diff_in_gpr:     resd 8       ; eax ecx edx ebx esp ebp esi edi
x86diff_out_gpr:    resd 8
x86diff_in_eflags:  resd 1
x86diff_out_eflags: resd 1
host_esp:           resd 1

section .data
global x86diff_exit_ptr
x86diff_exit_ptr: dd x86diff_exit ; the snippet's absolute way home
global x86diff_code_entry
x86diff_code_entry: dd 0

section .text
global x86diff_enter
x86diff_enter:
    push ebp
    push ebx
    push esi
    push edi
    fxsave [host_fx]
    mov [host_esp], esp
    fxrstor [x86diff_in_fx]
    push dword [x86diff_in_eflags]
    popfd                              ; mov below leaves the flags alone
    mov eax, [x86diff_in_gpr + 0]
    mov ecx, [x86diff_in_gpr + 4]
    mov edx, [x86diff_in_gpr + 8]
    mov ebx, [x86diff_in_gpr + 12]
    mov esp, [x86diff_in_gpr + 16]
    mov ebp, [x86diff_in_gpr + 20]
    mov esi, [x86diff_in_gpr + 24]
    mov edi, [x86diff_in_gpr + 28]
    jmp [x86diff_code_entry]

x86diff_exit:
    mov [x86diff_out_gpr + 0], eax
    mov [x86diff_out_gpr + 4], ecx
    mov [x86diff_out_gpr + 8], edx
    mov [x86diff_out_gpr + 12], ebx
    mov [x86diff_out_gpr + 16], esp
    mov [x86diff_out_gpr + 20], ebp
    mov [x86diff_out_gpr + 24], esi
    mov [x86diff_out_gpr + 28], edi
    mov esp, [host_esp]
    pushfd
    pop dword [x86diff_out_eflags]
    cld                                ; the C ABI wants DF clear
    fxsave [x86diff_out_fx]
    fxrstor [host_fx]
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; After a fault the C side long-jumps out of its signal handler; this puts its own x87/SSE
; state back, since the snippet's control words may still be loaded.
global x86diff_restore_host_fx
x86diff_restore_host_fx:
    fxrstor [host_fx]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
