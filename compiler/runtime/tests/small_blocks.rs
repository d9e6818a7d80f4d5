// The handler's global allocator (abi.rs SmallBlocks): freed small blocks are reused, and blocks keep their contents across every kind of reallocation.
// A test binary links the crate, so its allocations go through that allocator too.

// Named, so that the crate (and with it its #[global_allocator]) is linked into this binary.
extern crate containerless_rt;

use std::hint::black_box;

#[test]
fn a_freed_small_block_is_the_next_one_of_its_size_class() {
    // One thread, nothing else allocating in between: the cache's list is last in, first out.
    let a = black_box(Box::new([1u8; 100]));
    let addr = &*a as *const [u8; 100] as usize;
    drop(a);
    let b = black_box(Box::new([2u8; 112])); // 112 bytes: the same 16-byte class as 100
    assert_eq!(&*b as *const [u8; 112] as usize, addr);
    assert!(b.iter().all(|&x| x == 2));
}

#[test]
fn zeroed_allocations_are_zero_even_in_a_reused_block() {
    for size in [1usize, 15, 16, 17, 200, 512, 513, 4096] {
        let dirty = black_box(vec![0xFFu8; size]);
        drop(dirty);
        let clean = black_box(vec![0u8; size]); // alloc_zeroed
        assert!(clean.iter().all(|&x| x == 0), "size {size}");
    }
}

#[test]
fn growing_and_shrinking_across_classes_and_into_large_blocks_keeps_the_contents() {
    let mut v: Vec<u32> = Vec::new();
    for i in 0..5000u32 {
        v.push(i.wrapping_mul(2654435761));
        if i % 97 == 0 {
            v.shrink_to_fit(); // small to small, large to large, large to small: every realloc path
        }
    }
    for (i, x) in v.iter().enumerate() {
        assert_eq!(*x, (i as u32).wrapping_mul(2654435761));
    }
    v.truncate(3);
    v.shrink_to_fit(); // large to small
    assert_eq!(v, vec![0, 2654435761, 2654435761u32.wrapping_mul(2)]);
}

#[test]
fn over_aligned_and_many_blocks_of_every_class() {
    #[repr(align(64))]
    struct Wide([u8; 64]);
    let w = black_box(Box::new(Wide([7; 64])));
    assert_eq!(&*w as *const Wide as usize % 64, 0);
    // Blocks of every class, freed in an interleaved order, then taken back: each is distinct
    // and keeps what was written to it.
    let mut blocks: Vec<Vec<u8>> = (1..=600).map(|n| vec![(n % 251) as u8; n]).collect();
    for i in (0..blocks.len()).step_by(3) {
        blocks[i] = Vec::new();
    }
    let again: Vec<Vec<u8>> = (1..=600).map(|n| vec![(n % 7) as u8; n]).collect();
    for (i, b) in blocks.iter().enumerate() {
        let n = i + 1;
        if i % 3 != 0 {
            assert!(b.len() == n && b.iter().all(|&x| x == (n % 251) as u8), "block {n}");
        }
    }
    for (i, b) in again.iter().enumerate() {
        assert!(b.iter().all(|&x| x == ((i + 1) % 7) as u8));
    }
    // Blocks freed on another thread join that thread's cache and stay usable.
    let moved: Vec<Vec<u8>> = (1..100).map(|n| vec![1u8; n]).collect();
    std::thread::spawn(move || drop(moved)).join().unwrap_or(());
    assert_eq!(w.0[63], 7);
}
