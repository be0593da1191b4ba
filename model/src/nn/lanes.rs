//! Four f32 lanes for bertlab's own CPU kernels (`panel_kernel.rs`, `score_kernel.rs`): wasm's
//! `v128` in the page; an array elsewhere, so that native tests check the indexing the page runs.

/// Whether the lanes are wasm's SIMD, where bertlab's kernels beat gemm's (in the page); natively
/// gemm's AVX2 kernels, which fuse multiply and add on eight lanes, are faster.
pub const SIMD128: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use core::arch::wasm32::*;

    pub const WIDTH: usize = 4;
    pub type F32x4 = v128;

    #[inline(always)]
    pub fn zero() -> F32x4 {
        f32x4_splat(0.0)
    }
    /// # Safety
    /// Four readable values at `at` (any alignment).
    #[inline(always)]
    pub unsafe fn load(at: *const f32) -> F32x4 {
        unsafe { v128_load(at as *const v128) }
    }
    /// # Safety
    /// One readable value at `at`.
    #[inline(always)]
    pub unsafe fn load_splat(at: *const f32) -> F32x4 {
        unsafe { v128_load32_splat(at as *const u32) }
    }
    /// # Safety
    /// Four writable values at `at`.
    #[inline(always)]
    pub unsafe fn store(at: *mut f32, value: F32x4) {
        unsafe { v128_store(at as *mut v128, value) }
    }
    #[inline(always)]
    pub fn add(a: F32x4, b: F32x4) -> F32x4 {
        f32x4_add(a, b)
    }
    /// `sum + a × b`: one fused instruction where the build enables relaxed SIMD (Chromium
    /// since 114, not Safari), which the app's build does not; a multiply then an add otherwise.
    #[inline(always)]
    pub fn mul_add(sum: F32x4, a: F32x4, b: F32x4) -> F32x4 {
        #[cfg(target_feature = "relaxed-simd")]
        {
            f32x4_relaxed_madd(a, b, sum)
        }
        #[cfg(not(target_feature = "relaxed-simd"))]
        {
            f32x4_add(sum, f32x4_mul(a, b))
        }
    }
    /// The four lanes added: `(l0 + l1) + (l2 + l3)`.
    #[inline(always)]
    pub fn sum(a: F32x4) -> f32 {
        (f32x4_extract_lane::<0>(a) + f32x4_extract_lane::<1>(a))
            + (f32x4_extract_lane::<2>(a) + f32x4_extract_lane::<3>(a))
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod portable {
    pub const WIDTH: usize = 4;
    pub type F32x4 = [f32; 4];

    #[inline(always)]
    pub fn zero() -> F32x4 {
        [0.0; 4]
    }
    /// # Safety
    /// Four readable values at `at`.
    #[inline(always)]
    pub unsafe fn load(at: *const f32) -> F32x4 {
        unsafe { core::ptr::read_unaligned(at as *const F32x4) }
    }
    /// # Safety
    /// One readable value at `at`.
    #[inline(always)]
    pub unsafe fn load_splat(at: *const f32) -> F32x4 {
        [unsafe { *at }; 4]
    }
    /// # Safety
    /// Four writable values at `at`.
    #[inline(always)]
    pub unsafe fn store(at: *mut f32, value: F32x4) {
        unsafe { core::ptr::write_unaligned(at as *mut F32x4, value) }
    }
    #[inline(always)]
    pub fn add(a: F32x4, b: F32x4) -> F32x4 {
        core::array::from_fn(|i| a[i] + b[i])
    }
    /// `sum + a × b`, a multiply then an add, as the page's build does it.
    #[inline(always)]
    pub fn mul_add(sum: F32x4, a: F32x4, b: F32x4) -> F32x4 {
        core::array::from_fn(|i| sum[i] + a[i] * b[i])
    }
    /// The four lanes added: `(l0 + l1) + (l2 + l3)`.
    #[inline(always)]
    pub fn sum(a: F32x4) -> f32 {
        (a[0] + a[1]) + (a[2] + a[3])
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use portable::*;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd128::*;
