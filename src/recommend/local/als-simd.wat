;; The implicit-ALS conjugate-gradient half-step and Gram matrix in WebAssembly SIMD (f32x4), the
;; same arithmetic as solveRowsCg in als-kernel.ts but in float32 like the `implicit` library.
;; Build: `npx tsx scripts/build-als-wasm.ts` writes als-simd-wasm.ts (the bytes, base64); a unit
;; test fails when the two drift apart.
;;
;; Everything lives in one shared memory (factors, CSR arrays, Gram, per-thread scratch), so the
;; training workers instantiate this module over the same memory and never copy. Addresses are
;; byte offsets; a factor row is k float32s with k a multiple of 4, and n = 4k is its byte length.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; a[0..n) . b[0..n); two accumulators, summed in a fixed order (deterministic).
  (func $dot (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $i i32) (local $n32 i32) (local $s0 v128) (local $s1 v128)
    (local.set $n32 (i32.and (local.get $n) (i32.const -32)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n32)))
        (local.set $s0 (f32x4.add (local.get $s0)
          (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $i)))
                     (v128.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $s1 (f32x4.add (local.get $s1)
          (f32x4.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $i)))
                     (v128.load offset=16 (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $next)))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $s0 (f32x4.add (local.get $s0)
          (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $i)))
                     (v128.load (i32.add (local.get $b) (local.get $i))))))))
    (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
      (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))

  ;; out[0..n) += c * y[0..n)
  (func $axpy (param $out i32) (param $c f32) (param $y i32) (param $n i32)
    (local $i i32) (local $cv v128) (local $at i32)
    (local.set $cv (f32x4.splat (local.get $c)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $out) (local.get $i)))
        (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at))
          (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $y) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; out = sign * gram v, with gram symmetric k x k: a sum of gram's rows scaled by v's entries.
  (func $symv (param $gram i32) (param $v i32) (param $out i32) (param $n i32) (param $sign f32)
    (local $b i32)
    (memory.fill (local.get $out) (i32.const 0) (local.get $n))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (call $axpy (local.get $out)
          (f32.mul (local.get $sign) (f32.load (i32.add (local.get $v) (local.get $b))))
          ;; b is a byte offset (4 x index), so index x n = b x k
          (i32.add (local.get $gram) (i32.mul (local.get $b) (i32.shr_u (local.get $n) (i32.const 2))))
          (local.get $n))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $next))))

  ;; out (k x k) = fixed[0..rows)^T fixed[0..rows) + reg * I. Both triangles are summed in the
  ;; same order, so the result is exactly symmetric.
  (func (export "gram") (param $fixed i32) (param $rows i32) (param $k i32) (param $reg f32) (param $out i32)
    (local $n i32) (local $r i32) (local $y i32) (local $a i32) (local $at i32)
    (local.set $n (i32.shl (local.get $k) (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $n) (local.get $k)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $y (i32.add (local.get $fixed) (i32.mul (local.get $r) (local.get $n))))
        (local.set $a (i32.const 0))
        (block $colsDone
          (loop $col
            (br_if $colsDone (i32.ge_u (local.get $a) (local.get $n)))
            (call $axpy (i32.add (local.get $out) (i32.mul (local.get $a) (local.get $k)))
              (f32.load (i32.add (local.get $y) (local.get $a))) (local.get $y) (local.get $n))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
    (local.set $a (i32.const 0))
    (block $diagDone
      (loop $diag
        (br_if $diagDone (i32.ge_u (local.get $a) (local.get $k)))
        (local.set $at (i32.add (local.get $out) (i32.mul (local.get $a) (i32.add (local.get $n) (i32.const 4)))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $reg)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $diag))))

  ;; Rows [start, end) of target, each with cg conjugate-gradient steps on
  ;; (gram + Y^T (C - I) Y) x = Y^T C p, C = 1 + alpha * value, starting from the row's current x.
  ;; scratch: 4n bytes of this thread's own (x, r, p, Ap).
  (func (export "solve")
    (param $indptr i32) (param $indices i32) (param $values i32)
    (param $fixed i32) (param $target i32) (param $gram i32)
    (param $k i32) (param $alpha f32) (param $cg i32)
    (param $start i32) (param $end i32) (param $scratch i32)
    (local $n i32) (local $row i32) (local $from i32) (local $to i32) (local $e i32)
    (local $x i32) (local $r i32) (local $p i32) (local $ap i32) (local $base i32) (local $y i32)
    (local $i i32) (local $it i32) (local $w f32) (local $c f32)
    (local $rsOld f32) (local $rsNew f32) (local $step f32) (local $beta f32)
    (local $stepv v128) (local $betav v128) (local $rv v128)
    (local.set $n (i32.shl (local.get $k) (i32.const 2)))
    (local.set $x (local.get $scratch))
    (local.set $r (i32.add (local.get $x) (local.get $n)))
    (local.set $p (i32.add (local.get $r) (local.get $n)))
    (local.set $ap (i32.add (local.get $p) (local.get $n)))
    (local.set $row (local.get $start))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $from (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $to (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $base (i32.add (local.get $target) (i32.mul (local.get $row) (local.get $n))))
        (memory.copy (local.get $x) (local.get $base) (local.get $n))
        ;; r = b - A x = -gram x + sum over the row of (c - (c - 1) y.x) y
        (call $symv (local.get $gram) (local.get $x) (local.get $r) (local.get $n) (f32.const -1))
        (local.set $e (local.get $from))
        (block $eDone
          (loop $eLoop
            (br_if $eDone (i32.ge_u (local.get $e) (local.get $to)))
            (local.set $y (i32.add (local.get $fixed)
              (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $e) (i32.const 2)))) (local.get $n))))
            (local.set $w (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $values) (i32.shl (local.get $e) (i32.const 2))))))
            (local.set $c (f32.add (f32.const 1) (local.get $w)))
            (call $axpy (local.get $r)
              (f32.sub (local.get $c) (f32.mul (local.get $w) (call $dot (local.get $y) (local.get $x) (local.get $n))))
              (local.get $y) (local.get $n))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $eLoop)))
        (memory.copy (local.get $p) (local.get $r) (local.get $n))
        (local.set $rsOld (call $dot (local.get $r) (local.get $r) (local.get $n)))
        (local.set $it (i32.const 0))
        (block $cgDone
          (loop $cgLoop
            (br_if $cgDone (i32.ge_u (local.get $it) (local.get $cg)))
            (br_if $cgDone (i32.eqz (f32.gt (local.get $rsOld) (f32.const 1e-20))))
            ;; Ap = gram p + sum over the row of (c - 1) (y.p) y
            (call $symv (local.get $gram) (local.get $p) (local.get $ap) (local.get $n) (f32.const 1))
            (local.set $e (local.get $from))
            (block $e2Done
              (loop $e2Loop
                (br_if $e2Done (i32.ge_u (local.get $e) (local.get $to)))
                (local.set $y (i32.add (local.get $fixed)
                  (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $e) (i32.const 2)))) (local.get $n))))
                (local.set $w (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $values) (i32.shl (local.get $e) (i32.const 2))))))
                (call $axpy (local.get $ap)
                  (f32.mul (local.get $w) (call $dot (local.get $y) (local.get $p) (local.get $n)))
                  (local.get $y) (local.get $n))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $e2Loop)))
            (local.set $step (f32.div (local.get $rsOld) (call $dot (local.get $p) (local.get $ap) (local.get $n))))
            (local.set $stepv (f32x4.splat (local.get $step)))
            ;; x += step p; r -= step Ap
            (local.set $i (i32.const 0))
            (block $uDone
              (loop $uLoop
                (br_if $uDone (i32.ge_u (local.get $i) (local.get $n)))
                (v128.store (i32.add (local.get $x) (local.get $i))
                  (f32x4.add (v128.load (i32.add (local.get $x) (local.get $i)))
                    (f32x4.mul (local.get $stepv) (v128.load (i32.add (local.get $p) (local.get $i))))))
                (v128.store (i32.add (local.get $r) (local.get $i))
                  (f32x4.sub (v128.load (i32.add (local.get $r) (local.get $i)))
                    (f32x4.mul (local.get $stepv) (v128.load (i32.add (local.get $ap) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $uLoop)))
            (local.set $rsNew (call $dot (local.get $r) (local.get $r) (local.get $n)))
            (local.set $beta (f32.div (local.get $rsNew) (local.get $rsOld)))
            (local.set $betav (f32x4.splat (local.get $beta)))
            ;; p = r + beta p
            (local.set $i (i32.const 0))
            (block $pDone
              (loop $pLoop
                (br_if $pDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $rv (v128.load (i32.add (local.get $r) (local.get $i))))
                (v128.store (i32.add (local.get $p) (local.get $i))
                  (f32x4.add (local.get $rv)
                    (f32x4.mul (local.get $betav) (v128.load (i32.add (local.get $p) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $pLoop)))
            (local.set $rsOld (local.get $rsNew))
            (local.set $it (i32.add (local.get $it) (i32.const 1)))
            (br $cgLoop)))
        (memory.copy (local.get $base) (local.get $x) (local.get $n))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop))))
)
