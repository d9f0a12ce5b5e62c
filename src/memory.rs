//! Returning memory to the operating system after a fact base is loaded.
//!
//! Parsing a large fact base allocates several times its final size in temporaries. glibc's
//! allocator keeps what they freed inside the process (resident) unless asked to give it
//! back; at 100,000 facts that is a third of the bot's resident memory. Front ends call
//! [`release_freed`] once an engine is built (at start and after a reload).

/// Gives memory the allocator holds but nothing uses back to the operating system.
/// A no-op where the allocator is not glibc's.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only releases free memory of glibc's allocator, which this
        // program uses; it takes no pointers and may be called at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}
