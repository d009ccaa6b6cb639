/**
 * The GPU catalog: what each card's driver reports as total memory, and enough naming to find a
 * card from what a user types ("RTX 4090", "a100_80gb", "H100 SXM") or from what nvidia-smi prints.
 *
 * `memoryBytes` is the total the driver reports (nvidia-smi `memory.total`, rocm-smi
 * `VRAM Total Memory`), not the marketing figure: an "80 GB" H100 reports 81559 MiB, an "80 GB"
 * A100 81920 MiB, a "24 GB" RTX 4090 24564 MiB. The usable share is smaller again (CUDA context,
 * ECC reservations); that is the estimator's business, not the catalog's.
 *
 * Every `source` starts with either `driver reading:` (an nvidia-smi / rocm-smi / rocminfo
 * figure quoted in a public issue, pull request or file, cited) or `spec (not a driver reading):`
 * (the vendor's capacity where no driver printout was found). No figure here is invented.
 *
 * Each card also carries its links (`interconnect`, `pcie`, `bridge`) as the vendor's datasheet or
 * product page states them, for the estimator's multi-GPU communication: all bandwidths are GB/s
 * (10^9 bytes/s) per GPU with both directions added, the way NVIDIA and AMD datasheets quote them
 * (H100 SXM "NVLink 900 GB/s" is 450 GB/s each way; "PCIe Gen4 64 GB/s" is x16 at 16 GT/s, ~32
 * GB/s each way). Intel Gaudi is not listed: it does not run the CUDA/ROCm PyTorch stack the
 * estimator models.
 *
 * Each card carries `perf` (see `GpuPerf`): dense peak TFLOPS per precision and memory bandwidth
 * from its own form factor's datasheet column or architecture whitepaper, for the time estimate's
 * roofline. Sparse ("with sparsity") figures are kept apart and never used as peaks.
 */

export type GpuVendor = 'nvidia' | 'amd' | 'apple' | 'intel';
export type GpuTier = 'consumer' | 'workstation' | 'datacenter';

export interface Gpu {
  /** Lowercase, no spaces: 'rtx4090', 'a10g', 'a100-40gb', 'a100-80gb', 'h100', 'l40s'. */
  readonly id: string;
  /** Display name, close to what the driver prints: 'NVIDIA GeForce RTX 4090'. */
  readonly name: string;
  readonly vendor: GpuVendor;
  /** Other spellings: '4090', 'rtx-4090', 'geforce rtx 4090', 'h100-80gb', 'h100-sxm' ... */
  readonly aliases: readonly string[];
  readonly tier: GpuTier;
  /** Memory the driver reports as total (nvidia-smi "memory.total", in bytes = MiB x 2^20). */
  readonly memoryBytes: number;
  /** Marketing capacity, e.g. '24 GB', for display. */
  readonly marketed: string;
  /** Supports bf16 natively (Ampere+ / CDNA2+). */
  readonly bf16: boolean;
  /** Native fp8 (Ada, Hopper, Blackwell, CDNA3). */
  readonly fp8: boolean;
  /** Where the memory figure comes from (driver reading with its citation, or the vendor spec). */
  readonly source: string;
  /** One of the "common GPUs" shown by default in replies. */
  readonly common: boolean;
  /** The card's GPU-to-GPU link as deployed: NVLink (SXM/OAM baseboards, NVL pairs), Infinity Fabric, or PCIe alone. */
  readonly interconnect: Interconnect;
  /** The PCIe host link of an add-in (PCIe) card; absent for SXM/OAM modules and superchips unless listed. */
  readonly pcie?: PcieLink;
  /** An optional NVLink bridge between PCIe cards (A100/H100 PCIe, A30, A40, RTX A5000/A6000, RTX 3090). */
  readonly bridge?: NvlinkBridge;
  /** Peak compute and memory bandwidth for a roofline, from this form factor's own datasheet column. */
  readonly perf: GpuPerf;
}

/** The precisions `GpuPerf.tflops` carries. */
export type PerfPrecision = 'bf16' | 'fp16' | 'fp8' | 'tf32' | 'fp32';

/**
 * Peak throughput of one card (one device as the driver lists it: one MI250X GCD, one GB200 GPU).
 *
 * `tflops` are DENSE peaks in 10^12 FLOP/s (a multiply-add counts 2): bf16/fp16/fp8/tf32 on the
 * tensor (matrix) cores with FP32 accumulate, fp32 on the CUDA cores / vector units. Datasheets
 * mostly print the 2:4-sparsity figure ("*With sparsity"); that figure is kept in `sparseTflops`
 * as printed and is never a peak for dense training or serving. GeForce cards (and the L40, A10G)
 * run FP16/BF16 with FP32 accumulate at half the FP16-accumulate rate; PyTorch's bf16/fp16 GEMMs
 * accumulate in FP32 (cuBLAS CUBLAS_COMPUTE_32F), so the FP32-accumulate figure is the one stored.
 * fp8 likewise is the FP32-accumulate figure; null where the card has no FP8 tensor path (pre-Ada,
 * CDNA2), and bf16/tf32 null on Volta and Turing, which have neither.
 */
export interface GpuPerf {
  readonly tflops: {
    readonly bf16: number | null;
    /** Every card listed has an FP16 tensor (matrix) path, Volta included. */
    readonly fp16: number;
    readonly fp8: number | null;
    readonly tf32: number | null;
    /** Non-tensor FP32; null only where the cited datasheet prints none. */
    readonly fp32: number | null;
  };
  /** The "with sparsity" figures the cited source prints (2x dense), for the record. */
  readonly sparseTflops?: { readonly [P in Exclude<PerfPrecision, 'fp32'>]?: number };
  /** DRAM/HBM bandwidth, GB/s (10^9 B/s), as the datasheet prints it. */
  readonly memoryGBps: number;
  /** Streaming multiprocessors (NVIDIA) or compute units (AMD) of this device, where the source gives them. */
  readonly sms?: number;
  /** Boost clock in MHz, where the source gives it (the clock the peak figures are computed at). */
  readonly boostMhz?: number;
  /**
   * `datasheet`/`whitepaper`: every figure printed there; `derived`: the source prints SMs, clock and
   * bandwidth but no tensor figure, so the peaks are SMs x boost clock x the per-SM rate the
   * architecture whitepaper's own printed cards imply (the rate named in `source`).
   */
  readonly basis: 'datasheet' | 'whitepaper' | 'derived';
  /** The vendor document (URL or named whitepaper) and what it prints. */
  readonly source: string;
}

/**
 * `nvlink`: NVLink through an SXM/HGX baseboard, NVSwitch or NVLink-C2C; `nvlink-bridge`: NVLink
 * bridges between PCIe cards, standard for the NVL products; `infinity-fabric`: AMD Instinct
 * links; `pcie`: no GPU-to-GPU link but PCIe (then `gbPerS` is the PCIe link).
 */
export type InterconnectKind = 'nvlink' | 'nvlink-bridge' | 'infinity-fabric' | 'pcie';

export interface Interconnect {
  readonly kind: InterconnectKind;
  /** Per-GPU bandwidth in GB/s (10^9 B/s), both directions added, as the datasheet quotes it. */
  readonly gbPerS: number;
  /** Always `bidirectional`: the sum of both directions (half of it flows each way). */
  readonly direction: 'bidirectional';
  /** Generation, links and topology in words ("NVLink 4, 18 links, via NVSwitch on HGX H100"). */
  readonly detail: string;
  /** The vendor datasheet or product page (URL) stating the figure. */
  readonly source: string;
}

export interface PcieLink {
  readonly gen: 3 | 4 | 5;
  readonly lanes: 8 | 16;
  /** Both directions added: Gen3 x16 and Gen4 x8 32, Gen4 x16 64, Gen5 x16 128 GB/s (NVIDIA's rounding of PCI-SIG's 8/16/32 GT/s per lane). */
  readonly gbPerS: number;
  readonly source: string;
}

export interface NvlinkBridge {
  /** Per GPU, both directions added. */
  readonly gbPerS: number;
  /** Cards one bridge set joins. */
  readonly gpus: 2 | 4;
  readonly source: string;
}

/** PCIe bandwidth, both directions, GB/s: the figures NVIDIA's datasheets print (T4 32, A100 64, H100 128). */
const PCIE_GBPS: Readonly<Record<string, number>> = { '3x16': 32, '4x8': 32, '4x16': 64, '5x16': 128 };

function pcieLink(gen: 3 | 4 | 5, lanes: 8 | 16, source: string): PcieLink {
  const gbPerS = PCIE_GBPS[`${gen}x${lanes}`];
  if (gbPerS === undefined) throw new Error(`no PCIe Gen${gen} x${lanes} figure`);
  return { gen, lanes, gbPerS, source };
}

/** A card whose only GPU-to-GPU path is PCIe: the interconnect is the PCIe link itself. */
function pcieOnly(gen: 3 | 4 | 5, lanes: 8 | 16, source: string, detail = ''): Pick<Gpu, 'interconnect' | 'pcie'> {
  const link = pcieLink(gen, lanes, source);
  return {
    interconnect: { kind: 'pcie', gbPerS: link.gbPerS, direction: 'bidirectional', detail: `PCIe Gen${gen} x${lanes}, no NVLink${detail}`, source },
    pcie: link,
  };
}

function nvlink(kind: 'nvlink' | 'nvlink-bridge', gbPerS: number, detail: string, source: string): Interconnect {
  return { kind, gbPerS, direction: 'bidirectional', detail, source };
}

// Vendor pages the link figures come from.
const DS = {
  t4: 'NVIDIA T4 datasheet, https://www.nvidia.com/en-us/data-center/tesla-t4/ ("Interconnect Bandwidth 32 GB/s", PCIe Gen3 x16)',
  v100: 'NVIDIA V100 datasheet, https://www.nvidia.com/en-us/data-center/v100/ ("Interconnect Bandwidth, Bi-Directional: NVLink 300 GB/s (SXM2), PCIe 32 GB/s")',
  a10: 'NVIDIA A10 datasheet, https://www.nvidia.com/en-us/data-center/products/a10-gpu/ ("Interconnect: PCIe Gen4 64 GB/s")',
  a30: 'NVIDIA A30 datasheet, https://www.nvidia.com/en-us/data-center/products/a30-gpu/ ("Interconnect: PCIe Gen4 64 GB/s; third-gen NVLink 200 GB/s", the bridge joining 2 cards)',
  a40: 'NVIDIA A40 product brief PB-09976-001, https://www.nvidia.com/en-us/data-center/a40/ ("PCI Express 4.0 x16"; "NVIDIA NVLink 112.5 GB/s (bidirectional)" with a 2-card bridge)',
  a100: 'NVIDIA A100 datasheet, https://www.nvidia.com/en-us/data-center/a100/ (SXM: "NVIDIA NVLink 600 GB/s, PCIe Gen4 64 GB/s"; PCIe: "NVIDIA NVLink Bridge for 2 GPUs 600 GB/s, PCIe Gen4 64 GB/s")',
  l4: 'NVIDIA L4 datasheet, https://www.nvidia.com/en-us/data-center/l4/ ("PCIe Gen4 x16 64 GB/s")',
  l40: 'NVIDIA L40 datasheet, https://www.nvidia.com/en-us/data-center/l40/ ("PCIe Gen4 x16: 64 GB/s bidirectional", no NVLink)',
  l40s: 'NVIDIA L40S datasheet, https://www.nvidia.com/en-us/data-center/l40s/ ("PCIe Gen4 x16: 64 GB/s bidirectional", no NVLink)',
  h100: 'NVIDIA H100 datasheet, https://www.nvidia.com/en-us/data-center/h100/ (SXM: "NVIDIA NVLink 900 GB/s, PCIe Gen5 128 GB/s"; NVL: "NVIDIA NVLink 600 GB/s, PCIe Gen5 128 GB/s")',
  h100pcie: 'NVIDIA H100 PCIe product brief PB-11133-001 (PCI Express Gen5 card; NVLink bridges join 2 cards at 600 GB/s bidirectional), https://www.nvidia.com/en-us/data-center/h100/',
  h200: 'NVIDIA H200 datasheet, https://www.nvidia.com/en-us/data-center/h200/ (SXM: "NVIDIA NVLink 900 GB/s, PCIe Gen5 128 GB/s"; NVL: "2- or 4-way NVIDIA NVLink bridge 900 GB/s per GPU, PCIe Gen5 128 GB/s")',
  h20: 'NVIDIA publishes no English H20 datasheet; its NVLink 4 at 900 GB/s and PCIe Gen5 are as listed at https://willitrunai.com/es/gpus/h20-96gb ("NVLink 4.0 (900 GB/s)") and by the HGX H20 system vendors',
  gh200: 'NVIDIA GH200 Grace Hopper Superchip datasheet, https://www.nvidia.com/en-us/data-center/grace-hopper-superchip/ ("NVLink-C2C 900 GB/s" CPU-GPU; NVLink 900 GB/s GPU-GPU in NVL32/NVL2 systems)',
  blackwell: 'NVIDIA HGX / DGX B200 datasheets, https://www.nvidia.com/en-us/data-center/hgx/ and https://www.nvidia.com/en-us/data-center/dgx-b200/ (fifth-generation NVLink, "1.8 TB/s" per GPU via NVSwitch)',
  b100: 'NVIDIA Blackwell architecture datasheet (HGX B100: fifth-generation NVLink 1.8 TB/s per GPU), https://www.nvidia.com/en-us/data-center/technologies/blackwell-architecture/',
  gb200: 'NVIDIA GB200 NVL72 datasheet, https://www.nvidia.com/en-us/data-center/gb200-nvl72/ ("NVLink bandwidth 130 TB/s" for 72 GPUs = 1.8 TB/s per GPU; NVLink-C2C 900 GB/s to Grace)',
  rtxpro6000: 'NVIDIA RTX PRO 6000 Blackwell Server Edition datasheet, https://www.nvidia.com/en-us/data-center/rtx-pro-6000-blackwell-server-edition/ ("PCIe Gen5 x16: 128 GB/s", no NVLink)',
  rtx6000ada: 'NVIDIA RTX 6000 Ada Generation datasheet, https://www.nvidia.com/en-us/design-visualization/rtx-6000/ ("PCIe 4.0 x16"; no NVLink)',
  rtxa: 'NVIDIA RTX A4000 / A5000 / A6000 datasheets, https://www.nvidia.com/en-us/design-visualization/rtx-a6000/ ("PCI Express Gen 4 x16"; A5000/A6000: 2-way NVLink bridge "112.5 GB/s (bidirectional)", A4000 none)',
  ga102: 'NVIDIA Ampere GA102 GPU Architecture whitepaper (third-generation NVLink on GA102: four x4 links, 14.0625 GB/s each way each, "112.5 GB/sec total bandwidth between two GPUs"); RTX 3090 / 3090 Ti only among GeForce 30',
  ampere: 'NVIDIA GeForce RTX 30 Series specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/ (PCI Express 4.0, x16 edge connector)',
  ada: 'NVIDIA GeForce RTX 40 Series specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/ (PCI Express 4.0, x16 edge connector; GeForce 40 has no NVLink)',
  ada4060ti: 'RTX 4060 Ti (AD106) wires 8 PCIe 4.0 lanes: https://www.guru3d.com/news-story/upcoming-nvidia-geforce-rtx-4060-ti-pci-express-4-x8-interface-enhanced-specifications.html, and NVIDIA\'s 40 Series specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4060-4060ti/',
  blackwellGeforce: 'NVIDIA GeForce RTX 50 Series specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/ (PCI Express 5.0 x16; no NVLink)',
  mi250x: 'AMD Instinct MI250X specifications, https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html ("Infinity Fabric Links: 8", "Peak Infinity Fabric Link Bandwidth: 100 GB/s", "Bus Type: PCIe 4.0 x16")',
  mi300x: 'AMD Instinct MI300X specifications, https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html ("Infinity Fabric Links: 7", "Peak Infinity Fabric Link Bandwidth: 128 GB/s", "Bus Type: PCIe 5.0 x16")',
  mi325x: 'AMD Instinct MI325X specifications, https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html ("Infinity Fabric Links: 7", "Peak Infinity Fabric Link Bandwidth: 128 GB/s", "Bus Type: PCIe 5.0 x16")',
} as const;

const MIB = 1024 * 1024;

/** Shared wording for readings seen in several independent public printouts with no single thread to pin. */
function corroborated(reading: string, seenIn: string): string {
  return (
    `driver reading: ${reading}; the same figure appears in several independent public nvidia-smi ` +
    `printouts in GitHub files (${seenIn}), found by exact-string search; no single issue/thread URL pinned`
  );
}

const MODAL_PR =
  'https://github.com/modal-labs/modal-client/pull/2797 (list of nvidia-smi totals across Modal\'s fleet)';

// ── peak compute and bandwidth ─────────────────────────────────────────────────────────────
// Vendor documents the perf figures come from. Each quotes what the document prints; "*" marks a
// figure the document prints "with sparsity" (dense is half of it).
const WP = {
  ga102:
    'NVIDIA Ampere GA102 GPU Architecture whitepaper v2, https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
  ga100:
    'NVIDIA A100 Tensor Core GPU Architecture whitepaper, https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf',
  ada:
    'NVIDIA Ada GPU Architecture whitepaper v2.02, https://images.nvidia.com/aem-dam/Solutions/Data-Center/l4/nvidia-ada-gpu-architecture-whitepaper-V2.02.pdf',
  rtxBlackwell:
    'NVIDIA RTX Blackwell GPU Architecture whitepaper, https://images.nvidia.com/aem-dam/Solutions/geforce/blackwell/nvidia-rtx-blackwell-gpu-architecture.pdf',
  hopper:
    'NVIDIA H100 Tensor Core GPU Architecture (Hopper) whitepaper, https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper',
  volta:
    'NVIDIA Tesla V100 GPU Architecture whitepaper, https://images.nvidia.com/content/volta-architecture/pdf/volta-architecture-whitepaper.pdf',
} as const;

/**
 * FLOP per clock per SM (dense), as the whitepapers' own printed cards imply: GA102 whitepaper, RTX
 * 3090 (82 SMs, 1695 MHz) 35.6 TFLOPS FP32, 71 TFLOPS FP16 tensor with FP32 accumulate, 35.6 TF32 ->
 * 256 / 512 / 256; RTX A6000 (84 SMs, 1800 MHz) 154.8 FP16/FP32-acc, 77.4 TF32 -> 1024 / 512. Ada
 * whitepaper, RTX 4090 (128 SMs, 2520 MHz) 330.3 TFLOPS FP8 with FP16 accumulate, 165.2 with FP16 ->
 * FP8/FP32-acc 1024 on GeForce; RTX 6000 Ada (142 SMs, 2505 MHz) FP8 728.5 -> 2048. The RTX Blackwell
 * whitepaper's RTX 5090 (170 SMs, 2407 MHz: 104.8 FP32, 209.5 FP16/FP32-acc, 419 FP8/FP32-acc) keeps
 * the GeForce rates.
 */
export const FLOP_PER_CLK_PER_SM = {
  /** GA10x / AD10x / GB20x GeForce (and L40, A10G): FP32-accumulate tensor math at half rate. */
  geforce: { fp32: 256, bf16: 512, tf32: 256, fp8: 1024 },
  /** The same SMs on professional and data-centre boards (RTX A/Ada/PRO, A10, A40, L4, L40S): full rate. */
  pro: { fp32: 256, bf16: 1024, tf32: 512, fp8: 2048 },
} as const;

/** Peaks from SMs x clock x the per-SM rate, rounded to 0.1 TFLOPS: for boards whose page prints no tensor figure. */
function derivedPerf(
  rates: keyof typeof FLOP_PER_CLK_PER_SM,
  sms: number,
  boostMhz: number,
  memoryGBps: number,
  fp8: boolean,
  source: string,
): GpuPerf {
  const r = FLOP_PER_CLK_PER_SM[rates];
  const tf = (perClk: number): number => Math.round((sms * perClk * boostMhz) / 1e5) / 10;
  return {
    tflops: { bf16: tf(r.bf16), fp16: tf(r.bf16), fp8: fp8 ? tf(r.fp8) : null, tf32: tf(r.tf32), fp32: tf(r.fp32) },
    memoryGBps,
    sms,
    boostMhz,
    basis: 'derived',
    source:
      `${source}; peaks derived as ${sms} SMs x ${boostMhz} MHz x the ${rates} per-SM rates ` +
      `(fp32 ${r.fp32}, bf16/fp16 with FP32 accumulate ${r.bf16}, tf32 ${r.tf32}${fp8 ? `, fp8 ${r.fp8}` : ''} FLOP/clk), ` +
      `which the ${rates === 'geforce' ? 'GA102/Ada/RTX Blackwell' : 'GA102/Ada'} whitepapers' printed cards imply`,
  };
}

const GEFORCE_NOTE =
  'GeForce figures are the FP32-accumulate ones (FP16-accumulate runs twice as fast on GeForce but PyTorch accumulates bf16/fp16 GEMMs in FP32)';

export const PERF = {
  // ── GeForce 30 (GA10x) ──
  rtx3060: derivedPerf('geforce', 28, 1777, 360, false,
    'NVIDIA GeForce RTX 3060 specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3060-3060ti/ (3584 CUDA cores = 28 SMs, boost 1.78 GHz, 12 GB GDDR6 192-bit at 15 Gbps = 360 GB/s)'),
  rtx3070: {
    tflops: { bf16: 40.6, fp16: 40.6, fp8: null, tf32: 20.3, fp32: 20.3 },
    sparseTflops: { bf16: 81.3, fp16: 81.3, tf32: 40.6 },
    memoryGBps: 448, sms: 46, boostMhz: 1725, basis: 'whitepaper',
    source: `${WP.ga102}, Appendix A, GeForce RTX 3070: 46 SMs, boost 1725 MHz, "Peak FP32 TFLOPS (non-Tensor) 20.3", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 40.6/81.3*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 40.6/81.3*", "Peak TF32 Tensor TFLOPS 20.3/40.6*", memory bandwidth 448 GB/sec; ${GEFORCE_NOTE}`,
  },
  rtx3080: {
    tflops: { bf16: 59.5, fp16: 59.5, fp8: null, tf32: 29.8, fp32: 29.8 },
    sparseTflops: { bf16: 119, fp16: 119, tf32: 59.5 },
    memoryGBps: 760, sms: 68, boostMhz: 1710, basis: 'whitepaper',
    source: `${WP.ga102}, Table 1, GeForce RTX 3080: 68 SMs, boost 1710 MHz, "Peak FP32 TFLOPS (non-Tensor) 29.8", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 59.5/119*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 59.5/119*", "Peak TF32 Tensor TFLOPS 29.8/59.5*", memory bandwidth 760 GB/sec; ${GEFORCE_NOTE}`,
  },
  'rtx3080-12gb': derivedPerf('geforce', 70, 1710, 912, false,
    'NVIDIA GeForce RTX 30 Series specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3080-3080ti/ (RTX 3080 12GB: 8960 CUDA cores = 70 SMs, boost 1.71 GHz, 384-bit GDDR6X at 19 Gbps = 912 GB/s)'),
  rtx3090: {
    tflops: { bf16: 71, fp16: 71, fp8: null, tf32: 35.6, fp32: 35.6 },
    sparseTflops: { bf16: 142, fp16: 142, tf32: 71 },
    memoryGBps: 936, sms: 82, boostMhz: 1695, basis: 'whitepaper',
    source: `${WP.ga102}, Table 1, GeForce RTX 3090: 82 SMs, boost 1695 MHz, "Peak FP32 TFLOPS (non-Tensor) 35.6", "Peak FP16 Tensor TFLOPS with FP16 Accumulate 142/284*", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 71/142*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 71/142*", "Peak TF32 Tensor TFLOPS 35.6/71*", memory bandwidth 936 GB/sec; ${GEFORCE_NOTE}`,
  },
  rtx3090ti: derivedPerf('geforce', 84, 1860, 1008, false,
    'NVIDIA GeForce RTX 3090 Ti specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/ (10752 CUDA cores = 84 SMs, boost 1.86 GHz, 384-bit GDDR6X at 21 Gbps = 1008 GB/s)'),

  // ── GeForce 40 (AD10x) ──
  rtx4060ti: derivedPerf('geforce', 34, 2535, 288, true,
    'NVIDIA GeForce RTX 4060 Ti specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4060-4060ti/ (4352 CUDA cores = 34 SMs, boost 2.54 GHz, 128-bit GDDR6 at 18 Gbps = 288 GB/s)'),
  'rtx4060ti-16gb': derivedPerf('geforce', 34, 2535, 288, true,
    'NVIDIA GeForce RTX 4060 Ti specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4060-4060ti/ (16 GB model: same 34 SMs, boost 2.54 GHz, 128-bit GDDR6 at 18 Gbps = 288 GB/s)'),
  rtx4070: derivedPerf('geforce', 46, 2475, 504, true,
    'NVIDIA GeForce RTX 4070 specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4070-family/ (5888 CUDA cores = 46 SMs, boost 2.48 GHz, 192-bit GDDR6X at 21 Gbps = 504 GB/s)'),
  'rtx4070ti-super': derivedPerf('geforce', 66, 2610, 672, true,
    'NVIDIA GeForce RTX 4070 Ti SUPER specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4070-family/ (8448 CUDA cores = 66 SMs, boost 2.61 GHz, 256-bit GDDR6X at 21 Gbps = 672 GB/s)'),
  rtx4080: {
    tflops: { bf16: 97.5, fp16: 97.5, fp8: 194.9, tf32: 48.7, fp32: 48.7 },
    sparseTflops: { bf16: 194.9, fp16: 194.9, fp8: 389.9, tf32: 97.5 },
    memoryGBps: 716.8, sms: 76, boostMhz: 2505, basis: 'whitepaper',
    source: `${WP.ada}, Appendix A, GeForce RTX 4080 (16 GB, AD103): 76 SMs, boost 2505 MHz, "Peak FP32 TFLOPS (non-Tensor) 48.7", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 97.5/194.9*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 97.5/194.9*", "Peak FP8 Tensor TFLOPS with FP32 Accumulate 194.9/389.9*", "Peak TF32 Tensor TFLOPS 48.7/97.5*", memory bandwidth 716.8 GB/sec; ${GEFORCE_NOTE}`,
  },
  'rtx4080-super': derivedPerf('geforce', 80, 2550, 736, true,
    'NVIDIA GeForce RTX 4080 SUPER specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4080-family/ (10240 CUDA cores = 80 SMs, boost 2.55 GHz, 256-bit GDDR6X at 23 Gbps = 736 GB/s)'),
  rtx4090: {
    tflops: { bf16: 165.2, fp16: 165.2, fp8: 330.3, tf32: 82.6, fp32: 82.6 },
    sparseTflops: { bf16: 330.4, fp16: 330.4, fp8: 660.6, tf32: 165.2 },
    memoryGBps: 1008, sms: 128, boostMhz: 2520, basis: 'whitepaper',
    source: `${WP.ada}, Appendix A, GeForce RTX 4090: 128 SMs, boost 2520 MHz, "Peak FP32 TFLOPS (non-Tensor) 82.6", "Peak FP16 Tensor TFLOPS with FP16 Accumulate 330.3/660.6*", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 165.2/330.4*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 165.2/330.4*", "Peak FP8 Tensor TFLOPS with FP32 Accumulate 330.3/660.6*", "Peak TF32 Tensor TFLOPS 82.6/165.2*", memory bandwidth 1008 GB/sec; ${GEFORCE_NOTE}`,
  },

  // ── GeForce 50 (GB20x) ──
  rtx5080: derivedPerf('geforce', 84, 2617, 960, true,
    'NVIDIA GeForce RTX 5080 specifications, https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5080/ (10752 CUDA cores = 84 SMs, boost 2.62 GHz, 256-bit GDDR7 at 30 Gbps = 960 GB/s)'),
  rtx5090: {
    tflops: { bf16: 209.5, fp16: 209.5, fp8: 419, tf32: 104.8, fp32: 104.8 },
    sparseTflops: { bf16: 419, fp16: 419, fp8: 838, tf32: 209.5 },
    memoryGBps: 1792, sms: 170, boostMhz: 2407, basis: 'whitepaper',
    source: `${WP.rtxBlackwell}, Appendix, GeForce RTX 5090: 170 SMs, boost 2407 MHz, "Peak FP32 TFLOPS (non-Tensor) 104.8", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 209.5/419*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 209.5/419*", "Peak FP8 Tensor TFLOPS with FP32 Accumulate 419/838*", "Peak TF32 Tensor TFLOPS 104.8/209.5*", memory bandwidth 1792 GB/sec (512-bit GDDR7 at 28 Gbps); ${GEFORCE_NOTE}`,
  },

  // ── Workstation ──
  a4000: {
    tflops: { bf16: 76.7, fp16: 76.7, fp8: null, tf32: 38.3, fp32: 19.2 },
    sparseTflops: { fp16: 153.4 },
    memoryGBps: 448, sms: 48, boostMhz: 1560, basis: 'datasheet',
    source: 'NVIDIA RTX A4000 datasheet, https://www.nvidia.com/en-us/design-visualization/rtx-a4000/ ("Single-precision performance 19.2 TFLOPS", "Tensor Performance 153.4 TFLOPS"* (sparse FP16), "GPU memory bandwidth 448 GB/s", 6144 CUDA cores = 48 SMs); dense tensor = half the sparse figure = 48 SMs x 1560 MHz x 1024, tf32 at the pro rate 512',
  },
  a5000: {
    tflops: { bf16: 111.1, fp16: 111.1, fp8: null, tf32: 55.6, fp32: 27.8 },
    sparseTflops: { fp16: 222.2 },
    memoryGBps: 768, sms: 64, boostMhz: 1695, basis: 'datasheet',
    source: 'NVIDIA RTX A5000 datasheet, https://www.nvidia.com/en-us/design-visualization/rtx-a5000/ ("Single-precision performance 27.8 TFLOPS", "Tensor Performance 222.2 TFLOPS"* (sparse FP16), "GPU memory bandwidth 768 GB/s", 8192 CUDA cores = 64 SMs); dense tensor = half the sparse figure, tf32 at the pro rate 512',
  },
  a6000: {
    tflops: { bf16: 154.8, fp16: 154.8, fp8: null, tf32: 77.4, fp32: 38.7 },
    sparseTflops: { bf16: 309.7, fp16: 309.7, tf32: 154.8 },
    memoryGBps: 768, sms: 84, boostMhz: 1800, basis: 'whitepaper',
    source: `${WP.ga102}, Table 3, NVIDIA RTX A6000: 84 SMs, boost 1800 MHz, "Peak FP32 TFLOPS (non-Tensor) 38.7", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 154.8/309.7*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 154.8/309.7*", "Peak TF32 Tensor TFLOPS 77.4/154.8*", memory bandwidth 768 GB/sec (datasheet https://www.nvidia.com/en-us/design-visualization/rtx-a6000/ prints "Tensor Performance 309.7 TFLOPS"*)`,
  },
  'rtx6000-ada': {
    tflops: { bf16: 364.2, fp16: 364.2, fp8: 728.5, tf32: 182.1, fp32: 91.1 },
    sparseTflops: { bf16: 728.5, fp16: 728.5, fp8: 1457, tf32: 364.2 },
    memoryGBps: 960, sms: 142, boostMhz: 2505, basis: 'whitepaper',
    source: `${WP.ada}, Appendix A, RTX 6000 Ada Generation: 142 SMs, boost 2505 MHz, "Peak FP32 TFLOPS (non-Tensor) 91.1", "Peak FP16 Tensor TFLOPS with FP32 Accumulate 364.2/728.5*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 364.2/728.5*", "Peak FP8 Tensor TFLOPS with FP32 Accumulate 728.5/1457*", "Peak TF32 Tensor TFLOPS 182.1/364.2*", memory bandwidth 960 GB/sec (datasheet ${'https://www.nvidia.com/en-us/design-visualization/rtx-6000/'} prints "Tensor Performance 1,457 TFLOPS"*)`,
  },

  // ── Data centre: Turing, Volta ──
  t4: {
    tflops: { bf16: null, fp16: 65, fp8: null, tf32: null, fp32: 8.1 },
    memoryGBps: 320, sms: 40, boostMhz: 1590, basis: 'datasheet',
    source: 'NVIDIA T4 datasheet, https://www.nvidia.com/en-us/data-center/tesla-t4/ ("Single-Precision 8.1 TFLOPS", "Mixed-Precision (FP16/FP32) 65 TFLOPS", "GPU Memory 16 GB GDDR6, 320+ GB/s"; Turing has no sparsity, bf16 or tf32); 40 SMs at 1590 MHz from the Turing architecture whitepaper',
  },
  'v100-16gb': {
    tflops: { bf16: null, fp16: 125, fp8: null, tf32: null, fp32: 15.7 },
    memoryGBps: 900, sms: 80, boostMhz: 1530, basis: 'datasheet',
    source: `${DS.v100} (V100 SXM2: "Single-Precision 15.7 TFLOPS", "Tensor Performance 125 TFLOPS" (FP16 inputs, FP32 accumulate; Volta has no sparsity), "Memory Bandwidth 900 GB/sec"); 80 SMs at 1530 MHz from ${WP.volta}`,
  },
  'v100-16gb-pcie': {
    tflops: { bf16: null, fp16: 112, fp8: null, tf32: null, fp32: 14 },
    memoryGBps: 900, sms: 80, boostMhz: 1380, basis: 'datasheet',
    source: `${DS.v100} (V100 PCIe: "Single-Precision 14 TFLOPS", "Tensor Performance 112 TFLOPS", "Memory Bandwidth 900 GB/sec"); 80 SMs, boost 1380 MHz`,
  },
  'v100-32gb': {
    tflops: { bf16: null, fp16: 125, fp8: null, tf32: null, fp32: 15.7 },
    memoryGBps: 900, sms: 80, boostMhz: 1530, basis: 'datasheet',
    source: `${DS.v100} (V100 SXM2 32GB, the same column as 16GB: "Single-Precision 15.7 TFLOPS", "Tensor Performance 125 TFLOPS", "Memory Bandwidth 900 GB/sec"); 80 SMs at 1530 MHz from ${WP.volta}`,
  },
  'v100-32gb-pcie': {
    tflops: { bf16: null, fp16: 112, fp8: null, tf32: null, fp32: 14 },
    memoryGBps: 900, sms: 80, boostMhz: 1380, basis: 'datasheet',
    source: `${DS.v100} (V100 PCIe 32GB: "Single-Precision 14 TFLOPS", "Tensor Performance 112 TFLOPS", "Memory Bandwidth 900 GB/sec"); 80 SMs, boost 1380 MHz`,
  },

  // ── Data centre: Ampere GA10x ──
  a10: {
    tflops: { bf16: 125, fp16: 125, fp8: null, tf32: 62.5, fp32: 31.2 },
    sparseTflops: { bf16: 250, fp16: 250, tf32: 125 },
    memoryGBps: 600, sms: 72, boostMhz: 1695, basis: 'datasheet',
    source: 'NVIDIA A10 datasheet, https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a10/pdf/a10-datasheet.pdf ("FP32 31.2 teraFLOPS", "TF32 Tensor Core 62.5 teraFLOPS | 125 teraFLOPS*", "BFLOAT16 Tensor Core 125 teraFLOPS | 250 teraFLOPS*", "FP16 Tensor Core 125 teraFLOPS | 250 teraFLOPS*", "GPU Memory Bandwidth 600 GB/s"); 9216 CUDA cores = 72 SMs at 1695 MHz',
  },
  a10g: derivedPerf('geforce', 80, 1710, 600, false,
    'NVIDIA publishes no A10G datasheet (an AWS-only GA102 board): 80 SMs (10240 CUDA cores), 24 GB GDDR6 at 600 GB/s, with "higher CUDA core performance" but lower tensor throughput than the A10 (https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/); the boost clock 1710 MHz is not vendor-printed. A measured torch bf16 GEMM of 69.47 TFLOPS and TF32 34.71 TFLOPS on an A10G (https://github.com/zzc0721/torch-performance-test-data/issues/126) reach 99% of these half-rate peaks and rule out the A10\'s 125'),
  a30: {
    tflops: { bf16: 165, fp16: 165, fp8: null, tf32: 82, fp32: 10.3 },
    sparseTflops: { bf16: 330, fp16: 330, tf32: 165 },
    memoryGBps: 933, sms: 56, boostMhz: 1440, basis: 'datasheet',
    source: 'NVIDIA A30 datasheet, https://www.nvidia.com/en-us/data-center/products/a30-gpu/ ("FP32 10.3 teraFLOPS", "TF32 Tensor Core 82 teraFLOPS | 165 teraFLOPS*", "BFLOAT16 Tensor Core 165 teraFLOPS | 330 teraFLOPS*", "FP16 Tensor Core 165 teraFLOPS | 330 teraFLOPS*", "GPU memory bandwidth 933GB/s"); GA100 with 56 SMs at 1440 MHz',
  },
  a40: {
    tflops: { bf16: 149.7, fp16: 149.7, fp8: null, tf32: 74.8, fp32: 37.4 },
    sparseTflops: { bf16: 299.4, fp16: 299.4, tf32: 149.6 },
    memoryGBps: 696, sms: 84, boostMhz: 1740, basis: 'datasheet',
    source: `${DS.a40} ("Peak FP32 TFLOPS (non-Tensor) 37.4", "Peak FP16 Tensor TFLOPS with FP16 Accumulate 149.7 | 299.4*", "Peak BF16 Tensor TFLOPS with FP32 Accumulate 149.7 | 299.4*", "Peak TF32 Tensor TFLOPS 74.8 | 149.6*", "Memory bandwidth 696 GB/s", 10752 CUDA cores = 84 SMs; checked against a stored copy of the datasheet text); boost 1740 MHz`,
  },

  // ── Data centre: Ada ──
  l4: {
    tflops: { bf16: 121, fp16: 121, fp8: 242.5, tf32: 60, fp32: 30.3 },
    sparseTflops: { bf16: 242, fp16: 242, fp8: 485, tf32: 120 },
    memoryGBps: 300, sms: 58, boostMhz: 2040, basis: 'datasheet',
    source: `${DS.l4} ("FP32 30.3 teraFLOPs", "TF32 Tensor Core 120 teraFLOPs*", "BFLOAT16 Tensor Core 242 teraFLOPS*", "FP16 Tensor Core 242 teraFLOPS*", "FP8 Tensor Core 485 teraFLOPs*", "GPU memory bandwidth 300GB/s"; "*Shown with sparsity", dense is half); 58 SMs at 2040 MHz from ${WP.ada}`,
  },
  l40: {
    tflops: { bf16: 181.05, fp16: 181.05, fp8: 362, tf32: 90.5, fp32: 90.5 },
    sparseTflops: { bf16: 362.1, fp16: 362.1, fp8: 724, tf32: 181 },
    memoryGBps: 864, sms: 142, boostMhz: 2490, basis: 'datasheet',
    source: `${DS.l40} ("FP32 TFLOPS 90.5", "TF32 Tensor Core TFLOPS 90.5 | 181*", "BFLOAT16 Tensor Core TFLOPS 181.05 | 362.1*", "FP16 Tensor Core 181.05 | 362.1*", "FP8 Tensor Core 362 | 724*", "Memory Bandwidth 864GB/s"; checked against a stored copy of the L40/L40S datasheet table); 142 SMs at 2490 MHz. The L40 runs FP32-accumulate tensor math at the GeForce half rate, the L40S at full rate`,
  },
  l40s: {
    tflops: { bf16: 362.05, fp16: 362.05, fp8: 733, tf32: 183, fp32: 91.6 },
    sparseTflops: { bf16: 733, fp16: 733, fp8: 1466, tf32: 366 },
    memoryGBps: 864, sms: 142, boostMhz: 2520, basis: 'datasheet',
    source: `${DS.l40s} ("FP32 TFLOPS 91.6", "TF32 Tensor Core TFLOPS 183 | 366*", "BFLOAT16 Tensor Core TFLOPS 362.05 | 733*", "FP16 Tensor Core 362.05 | 733*", "FP8 Tensor Core 733 | 1,466*", "Memory Bandwidth 864GB/s"; checked against a stored copy of the L40/L40S datasheet table); 142 SMs, boost 2520 MHz`,
  },

  // ── Data centre: A100 (GA100) ──
  'a100-40gb': {
    tflops: { bf16: 312, fp16: 312, fp8: null, tf32: 156, fp32: 19.5 },
    sparseTflops: { bf16: 624, fp16: 624, tf32: 312 },
    memoryGBps: 1555, sms: 108, boostMhz: 1410, basis: 'whitepaper',
    source: `${WP.ga100} (A100 SXM4 40GB: 108 SMs, boost 1410 MHz, "Peak FP32 19.5 TFLOPS", "Peak TF32 Tensor 156 TFLOPS | 312 TFLOPS*", "Peak BF16 Tensor 312 TFLOPS | 624 TFLOPS*", "Peak FP16 Tensor 312 TFLOPS | 624 TFLOPS*", "Memory Bandwidth 1555 GB/sec"; the same figures in the A100 40GB datasheet)`,
  },
  'a100-40gb-pcie': {
    tflops: { bf16: 312, fp16: 312, fp8: null, tf32: 156, fp32: 19.5 },
    sparseTflops: { bf16: 624, fp16: 624, tf32: 312 },
    memoryGBps: 1555, sms: 108, boostMhz: 1410, basis: 'datasheet',
    source: 'NVIDIA A100 40GB datasheet (PCIe column), https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet.pdf ("FP32 19.5 TFLOPS", "Tensor Float 32 (TF32) 156 TFLOPS | 312 TFLOPS*", "BFLOAT16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "FP16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "GPU Memory Bandwidth 1,555GB/s"); 108 SMs, boost 1410 MHz',
  },
  'a100-80gb': {
    tflops: { bf16: 312, fp16: 312, fp8: null, tf32: 156, fp32: 19.5 },
    sparseTflops: { bf16: 624, fp16: 624, tf32: 312 },
    memoryGBps: 2039, sms: 108, boostMhz: 1410, basis: 'datasheet',
    source: 'NVIDIA A100 80GB datasheet (A100 80GB SXM column), https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf ("FP32 19.5 TFLOPS", "Tensor Float 32 (TF32) 156 TFLOPS | 312 TFLOPS*", "BFLOAT16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "FP16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "GPU Memory Bandwidth 2,039GB/s"; * with sparsity); 108 SMs, boost 1410 MHz',
  },
  'a100-80gb-pcie': {
    tflops: { bf16: 312, fp16: 312, fp8: null, tf32: 156, fp32: 19.5 },
    sparseTflops: { bf16: 624, fp16: 624, tf32: 312 },
    memoryGBps: 1935, sms: 108, boostMhz: 1410, basis: 'datasheet',
    source: 'NVIDIA A100 80GB datasheet (A100 80GB PCIe column), https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf ("FP32 19.5 TFLOPS", "Tensor Float 32 (TF32) 156 TFLOPS | 312 TFLOPS*", "BFLOAT16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "FP16 Tensor Core 312 TFLOPS | 624 TFLOPS*", "GPU Memory Bandwidth 1,935GB/s"); 108 SMs, boost 1410 MHz',
  },

  // ── Data centre: Hopper ──
  h100: {
    tflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9, tf32: 494.7, fp32: 66.9 },
    sparseTflops: { bf16: 1979, fp16: 1979, fp8: 3958, tf32: 989 },
    memoryGBps: 3350, sms: 132, basis: 'datasheet',
    source: `NVIDIA H100 datasheet, H100 SXM column, https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet ("FP32 67 teraFLOPS", "TF32 Tensor Core 989 teraFLOPS*", "BFLOAT16 Tensor Core 1,979 teraFLOPS*", "FP16 Tensor Core 1,979 teraFLOPS*", "FP8 Tensor Core 3,958 teraFLOPS*", "GPU memory bandwidth 3.35TB/s", "* With sparsity"); dense figures 989.4 / 494.7 / 1978.9 and FP32 66.9 with 132 SMs from ${WP.hopper}`,
  },
  'h100-pcie': {
    tflops: { bf16: 756, fp16: 756, fp8: 1513, tf32: 378, fp32: 51 },
    sparseTflops: { bf16: 1513, fp16: 1513, fp8: 3026, tf32: 756 },
    memoryGBps: 2000, sms: 114, basis: 'datasheet',
    source: `NVIDIA H100 PCIe datasheet column / product brief, https://www.nvidia.com/en-us/data-center/h100/ ("FP32 51 teraFLOPS", "TF32 Tensor Core 756 teraFLOPS*", "BFLOAT16 Tensor Core 1,513 teraFLOPS*", "FP16 Tensor Core 1,513 teraFLOPS*", "FP8 Tensor Core 3,026 teraFLOPS*", "GPU memory bandwidth 2TB/s"); 114 SMs from ${WP.hopper}`,
  },
  'h100-nvl': {
    tflops: { bf16: 835.5, fp16: 835.5, fp8: 1670.5, tf32: 417.5, fp32: 60 },
    sparseTflops: { bf16: 1671, fp16: 1671, fp8: 3341, tf32: 835 },
    memoryGBps: 3900, sms: 132, basis: 'datasheet',
    source: `${DS.h100}, H100 NVL column (per GPU): "FP32 60 teraFLOPS", "TF32 Tensor Core 835 teraFLOPS*", "BFLOAT16 Tensor Core 1,671 teraFLOPS*", "FP16 Tensor Core 1,671 teraFLOPS*", "FP8 Tensor Core 3,341 teraFLOPS*", "GPU memory bandwidth 3.9TB/s"; dense is half the * figure`,
  },
  h200: {
    tflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9, tf32: 494.7, fp32: 66.9 },
    sparseTflops: { bf16: 1979, fp16: 1979, fp8: 3958, tf32: 989 },
    memoryGBps: 4800, sms: 132, basis: 'datasheet',
    source: `${DS.h200}, H200 SXM column: "FP32 67 TFLOPS", "TF32 Tensor Core 989 TFLOPS*", "BFLOAT16 Tensor Core 1,979 TFLOPS*", "FP16 Tensor Core 1,979 TFLOPS*", "FP8 Tensor Core 3,958 TFLOPS*", "GPU Memory Bandwidth 4.8TB/s"; the H100 SXM's GH100 configuration (132 SMs), so the dense figures are the Hopper whitepaper's 989.4 / 494.7 / 1978.9`,
  },
  'h200-nvl': {
    tflops: { bf16: 835.5, fp16: 835.5, fp8: 1670.5, tf32: 417.5, fp32: 60 },
    sparseTflops: { bf16: 1671, fp16: 1671, fp8: 3341, tf32: 835 },
    memoryGBps: 4800, sms: 132, basis: 'datasheet',
    source: `${DS.h200}, H200 NVL column: "FP32 60 TFLOPS", "TF32 Tensor Core 835 TFLOPS*", "BFLOAT16 Tensor Core 1,671 TFLOPS*", "FP16 Tensor Core 1,671 TFLOPS*", "FP8 Tensor Core 3,341 TFLOPS*", "GPU Memory Bandwidth 4.8TB/s"; dense is half the * figure`,
  },
  h20: {
    tflops: { bf16: 148, fp16: 148, fp8: 296, tf32: 74, fp32: 44 },
    memoryGBps: 4000, basis: 'datasheet',
    source: 'NVIDIA publishes no English H20 datasheet; the figures circulated from its China-market spec sheet, dense: "FP16 148 TFLOPS (dense), INT8/FP8 296, TF32 74, FP32 44, FP64 1", "96 GB HBM3, 4.0 TB/s" (https://zangshuxian.com/new/674733024499207168, and https://willitrunai.com/es/gpus/h20-96gb: "148 TFLOPS FP16 ... 4,000 GB/s") -- treat as the vendor spec second-hand',
  },
  gh200: {
    tflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9, tf32: 494.7, fp32: 66.9 },
    sparseTflops: { bf16: 1979, fp16: 1979, fp8: 3958, tf32: 989 },
    memoryGBps: 4000, sms: 132, basis: 'datasheet',
    source: `${DS.gh200}: "FP32 67 TFLOPS", "TF32 Tensor Core 494 TFLOPS | 989 TFLOPS*", "BFLOAT16 Tensor Core 990 TFLOPS | 1,979 TFLOPS*", "FP16 Tensor Core 990 TFLOPS | 1,979 TFLOPS*", "FP8 Tensor Core 1,979 TFLOPS | 3,958 TFLOPS*", "GPU memory bandwidth 96GB HBM3: 4 TB/s" (the 144GB HBM3e part: 4.9 TB/s; this entry is the 96 GB one); the H100 SXM's 132-SM GH100 configuration, dense figures as in ${WP.hopper}`,
  },

  // ── Data centre: Blackwell ──
  b200: {
    tflops: { bf16: 2250, fp16: 2250, fp8: 4500, tf32: 1100, fp32: 75 },
    sparseTflops: { bf16: 4500, fp16: 4500, fp8: 9000, tf32: 2200 },
    memoryGBps: 7700, basis: 'datasheet',
    source: `${DS.blackwell}; HGX B200 "Individual Blackwell GPU Specifications": "FP8/FP6 Tensor Core 9 PFLOPS", "FP16/BF16 Tensor Core 4.5 PFLOPS", "TF32 Tensor Core 2.2 PFLOPS" (all "with sparsity"), "FP32 75 TFLOPS", "GPU Memory | Bandwidth 180GB HBM3E | 7.7TB/s" (checked against a stored copy of the GB200 NVL72 / HGX B200 table); dense is half`,
  },
  b100: {
    tflops: { bf16: 1750, fp16: 1750, fp8: 3500, tf32: 900, fp32: null },
    sparseTflops: { bf16: 3500, fp16: 3500, fp8: 7000, tf32: 1800 },
    memoryGBps: 8000, basis: 'datasheet',
    source: `${DS.b100}; HGX B100 per GPU: "FP8 Tensor Core 7 PFLOPS", "FP16/BF16 Tensor Core 3.5 PFLOPS", "TF32 Tensor Core 1.8 PFLOPS" (with sparsity), "Memory bandwidth 8 TB/s"; no FP32 (non-tensor) figure is printed for B100, so fp32 is null; dense is half`,
  },
  gb200: {
    tflops: { bf16: 2500, fp16: 2500, fp8: 5000, tf32: 1250, fp32: 80 },
    sparseTflops: { bf16: 5000, fp16: 5000, fp8: 10000, tf32: 2500 },
    memoryGBps: 8000, basis: 'datasheet',
    source: `${DS.gb200}; GB200 NVL72 "Individual Blackwell GPU Specifications": "FP8/FP6 Tensor Core 10 PFLOPS", "FP16/BF16 Tensor Core 5 PFLOPS", "TF32 Tensor Core 2.5 PFLOPS" (with sparsity), "FP32 80 TFLOPS", "GPU Memory | Bandwidth 186GB HBM3E | 8TB/s" (checked against a stored copy of the table); dense is half`,
  },
  'rtx-pro-6000': {
    tflops: { bf16: 503.8, fp16: 503.8, fp8: 1007.6, tf32: 251.9, fp32: 125 },
    memoryGBps: 1792, sms: 188, boostMhz: 2617, basis: 'derived',
    source: `${DS.rtxpro6000} and the RTX PRO 6000 Blackwell launch specifications: 188 SMs (24,064 CUDA cores), "up to 125 TFLOPS" FP32, "4,000 AI TOPS" (FP4, with sparsity), 96 GB GDDR7 512-bit at 28 Gbps = 1792 GB/s, boost 2617 MHz (Workstation Edition; the Server Edition's clock is not printed separately). The tensor peaks follow the pro per-SM rates (188 x 2617 MHz x 1024 = 503.8 bf16/fp16 with FP32 accumulate, x 2048 = 1007.6 fp8; FP4 dense 2015, sparse 4030 ~ the printed 4,000)`,
  },

  // ── AMD Instinct ──
  mi250x: {
    tflops: { bf16: 191.5, fp16: 191.5, fp8: null, tf32: null, fp32: 23.95 },
    memoryGBps: 1638.4, sms: 110, boostMhz: 1700, basis: 'datasheet',
    source: `${DS.mi250x}: per card (2 GCDs) "Peak FP16 383 TFLOPs", "Peak bfloat16 383 TFLOPs", "Peak FP32 Vector 47.9 TFLOPs", "Peak FP32 Matrix 95.7 TFLOPs", "Peak Memory Bandwidth 3.2768 TB/s", 220 compute units, peak engine clock 1700 MHz; this entry is one GCD (the device PyTorch sees), so every figure is halved: 110 CUs, 191.5 bf16, 23.95 FP32 vector, 1638.4 GB/s. CDNA2 has no TF32 or FP8 (its FP32 matrix rate, 47.85 per GCD, is not a TF32 path)`,
  },
  mi300x: {
    tflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, tf32: 653.7, fp32: 163.4 },
    sparseTflops: { bf16: 2614.9, fp16: 2614.9, fp8: 5229.8, tf32: 1307.4 },
    memoryGBps: 5300, sms: 304, boostMhz: 2100, basis: 'datasheet',
    source: `${DS.mi300x}: "Peak FP16 1307.4 TFLOPs" (2614.9 with structured sparsity), "Peak bfloat16 1307.4 TFLOPs" (2614.9), "Peak FP8 2614.9 TFLOPs" (5229.8), "Peak TF32 653.7 TFLOPs" (1307.4), "Peak FP32 Vector 163.4 TFLOPs", "Peak Memory Bandwidth 5.3 TB/s", 304 compute units, peak engine clock 2100 MHz`,
  },
  mi325x: {
    tflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, tf32: 653.7, fp32: 163.4 },
    sparseTflops: { bf16: 2614.9, fp16: 2614.9, fp8: 5229.8, tf32: 1307.4 },
    memoryGBps: 6000, sms: 304, boostMhz: 2100, basis: 'datasheet',
    source: `${DS.mi325x}: "Peak FP16 1307.4 TFLOPs" (2614.9 with structured sparsity), "Peak bfloat16 1307.4 TFLOPs", "Peak FP8 2614.9 TFLOPs" (5229.8), "Peak TF32 653.7 TFLOPs", "Peak FP32 Vector 163.4 TFLOPs", "Peak Memory Bandwidth 6 TB/s", 304 compute units, peak engine clock 2100 MHz`,
  },
} as const satisfies Readonly<Record<string, GpuPerf>>;

export const GPUS: readonly Gpu[] = [
  // ── NVIDIA consumer (GeForce) ────────────────────────────────────────────────────────────
  {
    id: 'rtx3060',
    name: 'NVIDIA GeForce RTX 3060',
    vendor: 'nvidia',
    aliases: ['3060', 'rtx-3060', 'geforce rtx 3060', 'rtx3060-12gb', 'rtx 3060 12gb'],
    tier: 'consumer',
    memoryBytes: 12288 * MIB,
    marketed: '12 GB',
    bf16: true,
    fp8: false,
    source:
      'driver reading: nvidia-smi "1MiB / 12288MiB" (driver 580.95.05), ' +
      'https://github.com/geerlingguy/raspberry-pi-pcie-devices/issues/790',
    ...pcieOnly(4, 16, DS.ampere),
    perf: PERF.rtx3060,
    common: false,
  },
  {
    id: 'rtx3070',
    name: 'NVIDIA GeForce RTX 3070',
    vendor: 'nvidia',
    aliases: ['3070', 'rtx-3070', 'geforce rtx 3070'],
    tier: 'consumer',
    memoryBytes: 8192 * MIB,
    marketed: '8 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi memory.total 8192MiB', 'nvidia-smi table rows "NVIDIA GeForce RTX 3070 ... / 8192MiB"'),
    ...pcieOnly(4, 16, DS.ampere),
    perf: PERF.rtx3070,
    common: false,
  },
  {
    id: 'rtx3080',
    name: 'NVIDIA GeForce RTX 3080',
    vendor: 'nvidia',
    aliases: ['3080', 'rtx-3080', 'geforce rtx 3080', 'rtx3080-10gb', 'rtx 3080 10gb'],
    tier: 'consumer',
    memoryBytes: 10240 * MIB,
    marketed: '10 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi memory.total 10240MiB', 'nvidia-smi table rows "NVIDIA GeForce RTX 3080 ... / 10240MiB"'),
    ...pcieOnly(4, 16, DS.ampere),
    perf: PERF.rtx3080,
    common: false,
  },
  {
    id: 'rtx3080-12gb',
    name: 'NVIDIA GeForce RTX 3080 12GB',
    vendor: 'nvidia',
    aliases: ['3080-12gb', 'rtx-3080-12gb', 'geforce rtx 3080 12gb'],
    tier: 'consumer',
    memoryBytes: 12288 * MIB,
    marketed: '12 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA GeForce RTX 3080, 12288 MiB"', 'drivers 580.173.02 and 591.86'),
    ...pcieOnly(4, 16, DS.ampere),
    perf: PERF['rtx3080-12gb'],
    common: false,
  },
  {
    id: 'rtx3090',
    name: 'NVIDIA GeForce RTX 3090',
    vendor: 'nvidia',
    aliases: ['3090', 'rtx-3090', 'geforce rtx 3090'],
    tier: 'consumer',
    memoryBytes: 24576 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source:
      'driver reading: nvidia-smi ".../ 24576MiB" on 4x RTX 3090 (driver 595.84), ' +
      'https://github.com/noonghunna/club-3090/issues/1128',
    ...pcieOnly(4, 16, DS.ampere, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 112.5, gpus: 2, source: DS.ga102 },
    perf: PERF.rtx3090,
    common: true,
  },
  {
    id: 'rtx3090ti',
    name: 'NVIDIA GeForce RTX 3090 Ti',
    vendor: 'nvidia',
    aliases: ['3090ti', '3090-ti', 'rtx-3090-ti', 'rtx 3090 ti', 'geforce rtx 3090 ti'],
    tier: 'consumer',
    memoryBytes: 24564 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source:
      'driver reading: nvidia-smi "7266MiB / 24564MiB" (driver 535.161.07) in ' +
      'https://github.com/adap/flower/blob/main/examples/flowertune-vit/README.md',
    ...pcieOnly(4, 16, DS.ampere, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 112.5, gpus: 2, source: DS.ga102 },
    perf: PERF.rtx3090ti,
    common: false,
  },
  {
    id: 'rtx4060ti',
    name: 'NVIDIA GeForce RTX 4060 Ti',
    vendor: 'nvidia',
    aliases: ['4060ti', '4060-ti', 'rtx-4060-ti', 'rtx 4060 ti', 'rtx4060ti-8gb', 'rtx 4060 ti 8gb', 'geforce rtx 4060 ti'],
    tier: 'consumer',
    memoryBytes: 8188 * MIB,
    marketed: '8 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA GeForce RTX 4060 Ti, 8188 MiB"', 'drivers 595.79 and 610.62 among them'),
    ...pcieOnly(4, 8, DS.ada4060ti, ' (8 lanes wired)'),
    perf: PERF.rtx4060ti,
    common: false,
  },
  {
    id: 'rtx4060ti-16gb',
    name: 'NVIDIA GeForce RTX 4060 Ti 16GB',
    vendor: 'nvidia',
    aliases: ['4060ti-16gb', 'rtx-4060-ti-16gb', 'rtx 4060 ti 16gb', 'geforce rtx 4060 ti 16gb'],
    tier: 'consumer',
    memoryBytes: 16380 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA GeForce RTX 4060 Ti, 16380 MiB"', 'drivers 580.159.03, 595.84 and 610.57.04'),
    ...pcieOnly(4, 8, DS.ada4060ti, ' (8 lanes wired)'),
    perf: PERF['rtx4060ti-16gb'],
    common: false,
  },
  {
    id: 'rtx4070',
    name: 'NVIDIA GeForce RTX 4070',
    vendor: 'nvidia',
    aliases: ['4070', 'rtx-4070', 'geforce rtx 4070'],
    tier: 'consumer',
    memoryBytes: 12282 * MIB,
    marketed: '12 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "430MiB / 12282MiB" (driver 550.40.07), ' +
      'https://github.com/Frogging-Family/nvidia-all/pull/212',
    ...pcieOnly(4, 16, DS.ada),
    perf: PERF.rtx4070,
    common: false,
  },
  {
    id: 'rtx4070ti-super',
    name: 'NVIDIA GeForce RTX 4070 Ti SUPER',
    vendor: 'nvidia',
    aliases: ['4070tisuper', '4070-ti-super', 'rtx-4070-ti-super', 'rtx 4070 ti super', 'geforce rtx 4070 ti super'],
    tier: 'consumer',
    memoryBytes: 16376 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA GeForce RTX 4070 Ti SUPER, 16376 MiB"', 'drivers 560.35.03 and 595.71.05'),
    ...pcieOnly(4, 16, DS.ada),
    perf: PERF['rtx4070ti-super'],
    common: false,
  },
  {
    id: 'rtx4080',
    name: 'NVIDIA GeForce RTX 4080',
    vendor: 'nvidia',
    aliases: ['4080', 'rtx-4080', 'geforce rtx 4080'],
    tier: 'consumer',
    memoryBytes: 16376 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA GeForce RTX 4080, 16376 MiB"', 'drivers 595.45.04 and 596.49'),
    ...pcieOnly(4, 16, DS.ada),
    perf: PERF.rtx4080,
    common: false,
  },
  {
    id: 'rtx4080-super',
    name: 'NVIDIA GeForce RTX 4080 SUPER',
    vendor: 'nvidia',
    aliases: ['4080super', '4080-super', 'rtx-4080-super', 'rtx 4080 super', 'rtx4080s', 'geforce rtx 4080 super'],
    tier: 'consumer',
    memoryBytes: 16376 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi memory.total 16376 MiB (driver 595.71.05; exporter test data ' +
      'memory_total_bytes 1.7171480576e10) from the real capture added in ' +
      'https://github.com/utkuozdemir/nvidia_gpu_exporter/pull/414',
    ...pcieOnly(4, 16, DS.ada),
    perf: PERF['rtx4080-super'],
    common: false,
  },
  {
    id: 'rtx4090',
    name: 'NVIDIA GeForce RTX 4090',
    vendor: 'nvidia',
    aliases: ['4090', 'rtx-4090', 'geforce rtx 4090'],
    tier: 'consumer',
    memoryBytes: 24564 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "507MiB / 24564MiB" (driver 550.163.01), ' +
      'https://github.com/RLinf/RLinf/issues/255',
    ...pcieOnly(4, 16, DS.ada),
    perf: PERF.rtx4090,
    common: true,
  },
  {
    id: 'rtx5080',
    name: 'NVIDIA GeForce RTX 5080',
    vendor: 'nvidia',
    aliases: ['5080', 'rtx-5080', 'geforce rtx 5080'],
    tier: 'consumer',
    memoryBytes: 16303 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi "NVIDIA GeForce RTX 5080, 16303 MiB total"', 'nvidia-smi occupancy probes quoted in public project notes'),
    ...pcieOnly(5, 16, DS.blackwellGeforce),
    perf: PERF.rtx5080,
    common: false,
  },
  {
    id: 'rtx5090',
    name: 'NVIDIA GeForce RTX 5090',
    vendor: 'nvidia',
    aliases: ['5090', 'rtx-5090', 'geforce rtx 5090'],
    tier: 'consumer',
    memoryBytes: 32607 * MIB,
    marketed: '32 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "29024MiB / 32607MiB" (driver 610.57.04), ' +
      'https://github.com/noonghunna/club-3090/issues/1261',
    ...pcieOnly(5, 16, DS.blackwellGeforce),
    perf: PERF.rtx5090,
    common: true,
  },

  // ── NVIDIA workstation ───────────────────────────────────────────────────────────────────
  {
    id: 'a4000',
    name: 'NVIDIA RTX A4000',
    vendor: 'nvidia',
    aliases: ['rtx-a4000', 'rtx a4000', 'rtxa4000'],
    tier: 'workstation',
    memoryBytes: 16376 * MIB,
    marketed: '16 GB',
    bf16: true,
    fp8: false,
    source:
      'driver reading: nvidia-smi "1MiB / 16376MiB" (driver 580.95.05), ' +
      'https://github.com/geerlingguy/raspberry-pi-pcie-devices/issues/791',
    ...pcieOnly(4, 16, DS.rtxa),
    perf: PERF.a4000,
    common: false,
  },
  {
    id: 'a5000',
    name: 'NVIDIA RTX A5000',
    vendor: 'nvidia',
    aliases: ['rtx-a5000', 'rtx a5000', 'rtxa5000'],
    tier: 'workstation',
    memoryBytes: 24564 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi "NVIDIA RTX A5000, 24,564 MiB"', 'driver 565.57.01'),
    ...pcieOnly(4, 16, DS.rtxa, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 112.5, gpus: 2, source: DS.rtxa },
    perf: PERF.a5000,
    common: false,
  },
  {
    id: 'a6000',
    name: 'NVIDIA RTX A6000',
    vendor: 'nvidia',
    aliases: ['rtx-a6000', 'rtx a6000', 'rtxa6000'],
    tier: 'workstation',
    memoryBytes: 49140 * MIB,
    marketed: '48 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA RTX A6000, 49140 MiB"', '2x and 4x A6000 hosts'),
    ...pcieOnly(4, 16, DS.rtxa, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 112.5, gpus: 2, source: DS.rtxa },
    perf: PERF.a6000,
    common: false,
  },
  {
    id: 'rtx6000-ada',
    name: 'NVIDIA RTX 6000 Ada Generation',
    vendor: 'nvidia',
    aliases: ['rtx-6000-ada', 'rtx 6000 ada', 'rtx6000ada', '6000 ada', 'rtx 6000 ada generation'],
    tier: 'workstation',
    memoryBytes: 49140 * MIB,
    marketed: '48 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi --query-gpu "NVIDIA RTX 6000 Ada Generation, 49140 MiB"',
      'drivers 570.195.03, 580.126.09 and 595.71.05',
    ),
    ...pcieOnly(4, 16, DS.rtx6000ada),
    perf: PERF['rtx6000-ada'],
    common: false,
  },

  // ── NVIDIA data centre ───────────────────────────────────────────────────────────────────
  {
    id: 't4',
    name: 'NVIDIA Tesla T4',
    vendor: 'nvidia',
    aliases: ['tesla t4', 'tesla-t4', 't4-16gb'],
    tier: 'datacenter',
    memoryBytes: 15360 * MIB,
    marketed: '16 GB',
    bf16: false,
    fp8: false,
    source: `driver reading: nvidia-smi total "T4: 15360MiB", ${MODAL_PR}`,
    ...pcieOnly(3, 16, DS.t4),
    perf: PERF.t4,
    common: false,
  },
  {
    id: 'v100-16gb',
    name: 'NVIDIA Tesla V100 16GB',
    vendor: 'nvidia',
    aliases: ['v100-sxm2-16gb', 'tesla v100-sxm2-16gb', 'v100 16gb', 'v100-sxm2', 'v100 sxm2 16gb'],
    tier: 'datacenter',
    memoryBytes: 16384 * MIB,
    marketed: '16 GB',
    bf16: false,
    fp8: false,
    source:
      'driver reading: nvidia-smi "Tesla V100-SXM2-16GB ... 5MiB / 16384MiB" (driver 570.211.01), ' +
      'https://github.com/1CatAI/1Cat-vLLM/issues/85 (older drivers and other tools can report a little less)',
    interconnect: nvlink('nvlink', 300, 'NVLink 2, 6 links (SXM2 baseboards, e.g. DGX-1 hybrid cube mesh)', DS.v100),
    perf: PERF['v100-16gb'],
    common: false,
  },
  {
    id: 'v100-16gb-pcie',
    name: 'Tesla V100-PCIE-16GB',
    vendor: 'nvidia',
    aliases: ['v100-pcie-16gb', 'tesla v100-pcie-16gb', 'v100 16gb pcie', 'v100-pcie'],
    tier: 'datacenter',
    memoryBytes: 16384 * MIB,
    marketed: '16 GB',
    bf16: false,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "Tesla V100-PCIE-16GB, 16384 MiB"', 'drivers 575.57.08 and 580.126.09 among them'),
    ...pcieOnly(3, 16, DS.v100),
    perf: PERF['v100-16gb-pcie'],
    common: false,
  },

  {
    id: 'v100-32gb',
    name: 'NVIDIA Tesla V100 32GB',
    vendor: 'nvidia',
    aliases: ['v100-sxm2-32gb', 'tesla v100-sxm2-32gb', 'v100 32gb', 'v100 sxm2 32gb'],
    tier: 'datacenter',
    memoryBytes: 32768 * MIB,
    marketed: '32 GB',
    bf16: false,
    fp8: false,
    source:
      'driver reading: nvidia-smi "Tesla V100-SXM2... 308MiB / 32768MiB" (driver 525.105.17), ' +
      'https://github.com/Wan-Video/Wan2.1/issues/5',
    interconnect: nvlink('nvlink', 300, 'NVLink 2, 6 links (SXM2 baseboards, e.g. DGX-1 hybrid cube mesh)', DS.v100),
    perf: PERF['v100-32gb'],
    common: false,
  },
  {
    id: 'v100-32gb-pcie',
    name: 'Tesla V100-PCIE-32GB',
    vendor: 'nvidia',
    aliases: ['v100-pcie-32gb', 'tesla v100-pcie-32gb', 'v100 32gb pcie'],
    tier: 'datacenter',
    memoryBytes: 32768 * MIB,
    marketed: '32 GB',
    bf16: false,
    fp8: false,
    source: 'driver reading: nvidia-smi "Tesla V100-PCIE-32GB ... 32768 MiB" in https://github.com/akash-network/provider-configs/pull/90',
    ...pcieOnly(3, 16, DS.v100),
    perf: PERF['v100-32gb-pcie'],
    common: false,
  },

  {
    id: 'a10',
    name: 'NVIDIA A10',
    vendor: 'nvidia',
    aliases: ['a10-24gb', 'nvidia a10'],
    tier: 'datacenter',
    memoryBytes: 23028 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source:
      `driver reading: nvidia-smi total "A10: 23028MiB", ${MODAL_PR}; NVML total 24146608128 B ` +
      '(= 23028 MiB) in https://github.com/mayooot/detect-gpu/issues/3',
    ...pcieOnly(4, 16, DS.a10),
    perf: PERF.a10,
    common: false,
  },
  {
    id: 'a10g',
    name: 'NVIDIA A10G',
    vendor: 'nvidia',
    aliases: ['a10g-24gb', 'aws a10g'],
    tier: 'datacenter',
    memoryBytes: 23028 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source:
      'driver reading: nvidia-smi "NVIDIA A10G ... 8722MiB / 23028MiB" (driver 535.247.01), ' +
      'https://github.com/NVIDIA/DCGM/issues/232',
    ...pcieOnly(4, 16, `${DS.a10}; the A10G is AWS's variant of the same GA102 board (G5 instances), with the same PCIe Gen4 x16 link`),
    perf: PERF.a10g,
    common: true,
  },
  {
    id: 'a30',
    name: 'NVIDIA A30',
    vendor: 'nvidia',
    aliases: ['a30-24gb', 'nvidia a30'],
    tier: 'datacenter',
    memoryBytes: 24576 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: false,
    source: corroborated(
      'nvidia-smi --query-gpu "NVIDIA A30, 24576" (memory.total [MiB])',
      'HPC job logs with drivers 610.43.02 among them',
    ),
    ...pcieOnly(4, 16, DS.a30, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 200, gpus: 2, source: DS.a30 },
    perf: PERF.a30,
    common: false,
  },

  {
    id: 'l4',
    name: 'NVIDIA L4',
    vendor: 'nvidia',
    aliases: ['l4-24gb', 'nvidia l4'],
    tier: 'datacenter',
    memoryBytes: 23034 * MIB,
    marketed: '24 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "NVIDIA L4 ... 0MiB / 23034MiB" (driver 570.133.20), ' +
      `https://github.com/speaches-ai/speaches/pull/438; also "L4: 23034MiB" in ${MODAL_PR}`,
    ...pcieOnly(4, 16, DS.l4),
    perf: PERF.l4,
    common: false,
  },
  {
    id: 'l40',
    name: 'NVIDIA L40',
    vendor: 'nvidia',
    aliases: ['l40-48gb', 'nvidia l40'],
    tier: 'datacenter',
    memoryBytes: 46068 * MIB,
    marketed: '48 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA L40, 46068 MiB"', 'cluster and RunPod logs, driver 610.43.02 among them'),
    ...pcieOnly(4, 16, DS.l40),
    perf: PERF.l40,
    common: false,
  },
  {
    id: 'l40s',
    name: 'NVIDIA L40S',
    vendor: 'nvidia',
    aliases: ['l40s-48gb', 'nvidia l40s'],
    tier: 'datacenter',
    memoryBytes: 46068 * MIB,
    marketed: '48 GB',
    bf16: true,
    fp8: true,
    source: `driver reading: nvidia-smi total "L40S: 46068MiB", ${MODAL_PR}`,
    ...pcieOnly(4, 16, DS.l40s),
    perf: PERF.l40s,
    common: true,
  },
  {
    id: 'a40',
    name: 'NVIDIA A40',
    vendor: 'nvidia',
    aliases: ['a40-48gb', 'nvidia a40'],
    tier: 'datacenter',
    memoryBytes: 46068 * MIB,
    marketed: '48 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA A40, 46068 MiB" (ECC on)', 'RunPod and cluster logs, drivers 550.90.07 and 570.10 among them'),
    ...pcieOnly(4, 16, DS.a40, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 112.5, gpus: 2, source: DS.a40 },
    perf: PERF.a40,
    common: false,
  },

  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 40GB',
    vendor: 'nvidia',
    aliases: ['a100-sxm4-40gb', 'a100 40gb sxm', 'a100-40g', 'a100-sxm-40gb'],
    tier: 'datacenter',
    memoryBytes: 40960 * MIB,
    marketed: '40 GB',
    bf16: true,
    fp8: false,
    source: `driver reading: nvidia-smi total "A100 40GB: 40960MiB", ${MODAL_PR}`,
    interconnect: nvlink('nvlink', 600, 'NVLink 3, 12 links, via NVSwitch on HGX A100', DS.a100),
    pcie: pcieLink(4, 16, DS.a100),
    perf: PERF['a100-40gb'],
    common: true,
  },
  {
    id: 'a100-40gb-pcie',
    name: 'NVIDIA A100-PCIE-40GB',
    vendor: 'nvidia',
    aliases: ['a100-pcie-40gb', 'a100 40gb pcie', 'a100-pcie'],
    tier: 'datacenter',
    memoryBytes: 40960 * MIB,
    marketed: '40 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA A100-PCIE-40GB, 40960 MiB"', 'drivers 525.60.13, 580.95.05 and 590.48 among them'),
    ...pcieOnly(4, 16, DS.a100, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 600, gpus: 2, source: DS.a100 },
    perf: PERF['a100-40gb-pcie'],
    common: false,
  },

  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 80GB',
    vendor: 'nvidia',
    aliases: ['a100-sxm4-80gb', 'a100 80gb sxm', 'a100-80g', 'a100-sxm-80gb'],
    tier: 'datacenter',
    memoryBytes: 81920 * MIB,
    marketed: '80 GB',
    bf16: true,
    fp8: false,
    source: `driver reading: nvidia-smi total "A100 80GB: 81920MiB", ${MODAL_PR}`,
    interconnect: nvlink('nvlink', 600, 'NVLink 3, 12 links, via NVSwitch on HGX A100', DS.a100),
    pcie: pcieLink(4, 16, DS.a100),
    perf: PERF['a100-80gb'],
    common: true,
  },
  {
    id: 'a100-80gb-pcie',
    name: 'NVIDIA A100 80GB PCIe',
    vendor: 'nvidia',
    aliases: ['a100-pcie-80gb', 'a100 80gb pcie'],
    tier: 'datacenter',
    memoryBytes: 81920 * MIB,
    marketed: '80 GB',
    bf16: true,
    fp8: false,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA A100 80GB PCIe, 81920 MiB"', 'drivers 535.129.03, 555.55 and 595.71.05 among them'),
    ...pcieOnly(4, 16, DS.a100, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 600, gpus: 2, source: DS.a100 },
    perf: PERF['a100-80gb-pcie'],
    common: false,
  },

  {
    id: 'h100',
    name: 'NVIDIA H100 80GB',
    vendor: 'nvidia',
    aliases: ['h100-80gb', 'h100-sxm', 'h100 sxm5', 'h100 80gb hbm3', 'h100-sxm-80gb'],
    tier: 'datacenter',
    memoryBytes: 81559 * MIB,
    marketed: '80 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "NVIDIA H100 80GB HBM3 ... 0MiB / 81559MiB" (SXM, driver 550.54.15), ' +
      'https://github.com/NVIDIA/nccl/issues/1264',
    interconnect: nvlink('nvlink', 900, 'NVLink 4, 18 links, via NVSwitch on HGX H100', DS.h100),
    pcie: pcieLink(5, 16, DS.h100),
    perf: PERF.h100,
    common: true,
  },
  {
    id: 'h100-pcie',
    name: 'NVIDIA H100 PCIe',
    vendor: 'nvidia',
    aliases: ['h100-pcie-80gb', 'h100 pcie 80gb', 'h100pcie'],
    tier: 'datacenter',
    memoryBytes: 81559 * MIB,
    marketed: '80 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA H100 PCIe, 81559 MiB"', 'drivers 535.216.03, 535.309.01 and 570.211.01 among them'),
    ...pcieOnly(5, 16, DS.h100pcie, '; an optional 2-way NVLink bridge (bridge)'),
    bridge: { gbPerS: 600, gpus: 2, source: DS.h100pcie },
    perf: PERF['h100-pcie'],
    common: false,
  },

  {
    id: 'h100-nvl',
    name: 'NVIDIA H100 NVL',
    vendor: 'nvidia',
    aliases: ['h100nvl', 'h100 nvl 94gb', 'h100-94gb', 'h100-nvl-94gb'],
    tier: 'datacenter',
    memoryBytes: 95830 * MIB,
    marketed: '94 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi "NVIDIA H100 NVL ... / 95830MiB"',
      'drivers 595.71.05 and 610.57.04 among them',
    ),
    interconnect: nvlink('nvlink-bridge', 600, 'NVLink 4 bridges joining the cards in pairs (sold as NVL pairs)', DS.h100),
    pcie: pcieLink(5, 16, DS.h100),
    perf: PERF['h100-nvl'],
    common: false,
  },
  {
    id: 'h200',
    name: 'NVIDIA H200',
    vendor: 'nvidia',
    aliases: ['h200-141gb', 'h200-sxm', 'h200 sxm', 'h200 141gb hbm3e'],
    tier: 'datacenter',
    memoryBytes: 143771 * MIB,
    marketed: '141 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi memory.total 143771 MiB (memory_total_bytes 1.50754820096e11, driver 590.48.01) ' +
      'in https://github.com/utkuozdemir/nvidia_gpu_exporter/blob/main/internal/integration/testdata/' +
      'linux-x86_64__nvidia-h200__590.48.01__idle.metrics (from a real capture)',
    interconnect: nvlink('nvlink', 900, 'NVLink 4, 18 links, via NVSwitch on HGX H200', DS.h200),
    pcie: pcieLink(5, 16, DS.h200),
    perf: PERF.h200,
    common: true,
  },
  {
    id: 'h200-nvl',
    name: 'NVIDIA H200 NVL',
    vendor: 'nvidia',
    aliases: ['h200nvl', 'h200 nvl 141gb', 'h200-nvl-141gb', 'h200-pcie'],
    tier: 'datacenter',
    memoryBytes: 143771 * MIB,
    marketed: '141 GB',
    bf16: true,
    fp8: true,
    source: corroborated('nvidia-smi --query-gpu "NVIDIA H200 NVL, 143771 MiB"', 'drivers 580.82.07 among them'),
    interconnect: nvlink('nvlink-bridge', 900, 'NVLink 4 bridges joining 2 or 4 cards', DS.h200),
    pcie: pcieLink(5, 16, DS.h200),
    perf: PERF['h200-nvl'],
    common: false,
  },
  {
    id: 'h20',
    name: 'NVIDIA H20',
    vendor: 'nvidia',
    aliases: ['h20-96gb', 'nvidia h20', 'hgx h20'],
    tier: 'datacenter',
    memoryBytes: 97871 * MIB,
    marketed: '96 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi "NVIDIA H20, 97871 MiB" (the 96 GB HBM3 China-market Hopper; the later 141 GB H20 reads like the H200)',
      'drivers 535.161.08 and 580.65.06 among them',
    ),
    interconnect: nvlink('nvlink', 900, 'NVLink 4, via NVSwitch on HGX H20', DS.h20),
    perf: PERF.h20,
    common: false,
  },

  {
    id: 'b200',
    name: 'NVIDIA B200',
    vendor: 'nvidia',
    aliases: ['b200-180gb', 'b200-192gb', 'hgx b200', 'dgx b200'],
    tier: 'datacenter',
    memoryBytes: 183359 * MIB,
    marketed: '180 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: nvidia-smi "NVIDIA B200 ... 166593MiB / 183359MiB" (driver 580.95.05), ' +
      'https://github.com/NVIDIA/TensorRT-LLM/issues/10278 (HGX/DGX B200 sell it as 180 GB; the die carries 192 GB HBM3e)',
    interconnect: nvlink('nvlink', 1800, 'NVLink 5, 18 links, via NVSwitch on HGX/DGX B200', DS.blackwell),
    perf: PERF.b200,
    common: false,
  },
  {
    id: 'b100',
    name: 'NVIDIA B100',
    vendor: 'nvidia',
    aliases: ['b100-192gb', 'hgx b100'],
    tier: 'datacenter',
    memoryBytes: 183359 * MIB,
    marketed: '192 GB',
    bf16: true,
    fp8: true,
    source:
      'spec (not a driver reading): NVIDIA lists 192 GB HBM3e per B100 (HGX B100, 8 GPUs); no nvidia-smi printout found, so the ' +
      'B200\'s reading (183359 MiB, same GB100 die and HBM3e stacks, https://github.com/NVIDIA/TensorRT-LLM/issues/10278) is ' +
      'taken: expect the driver to show no more',
    interconnect: nvlink('nvlink', 1800, 'NVLink 5, 18 links, via NVSwitch on HGX B100', DS.b100),
    perf: PERF.b100,
    common: false,
  },
  {
    id: 'gb200',
    name: 'NVIDIA GB200',
    vendor: 'nvidia',
    aliases: ['gb200-nvl72', 'gb200 nvl72', 'gb200-186gb', 'gb200 superchip'],
    tier: 'datacenter',
    memoryBytes: 189471 * MIB,
    marketed: '186 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi "NVIDIA GB200, 189471 MiB" (each Blackwell GPU of the GB200 superchip, as the NVL72 racks report it)',
      'drivers 580.95.05, 580.105.08 and 590.48.01 among them',
    ),
    interconnect: nvlink('nvlink', 1800, 'NVLink 5 via the NVL72 NVLink Switch System; NVLink-C2C 900 GB/s to its Grace CPU', DS.gb200),
    perf: PERF.gb200,
    common: false,
  },
  {
    id: 'rtx-pro-6000',
    name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    vendor: 'nvidia',
    aliases: [
      'rtx pro 6000', 'rtx-pro-6000-blackwell', 'rtx pro 6000 blackwell', 'rtx6000-pro', 'rtx pro 6000 server edition',
      'rtx pro 6000 blackwell workstation edition', 'rtx-pro-6000-96gb',
    ],
    tier: 'datacenter',
    memoryBytes: 97887 * MIB,
    marketed: '96 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi --query-gpu "NVIDIA RTX PRO 6000 Blackwell Server Edition, 97887 MiB" (the Workstation Edition carries the same 96 GB GDDR7)',
      'drivers 580.126.09, 595.84 and 595.91.07 among them',
    ),
    ...pcieOnly(5, 16, DS.rtxpro6000),
    perf: PERF['rtx-pro-6000'],
    common: false,
  },

  {
    id: 'gh200',
    name: 'NVIDIA GH200 480GB',
    vendor: 'nvidia',
    aliases: ['gh200-96gb', 'gh200 480gb', 'gh200 120gb', 'grace hopper', 'gh200-480gb'],
    tier: 'datacenter',
    memoryBytes: 97871 * MIB,
    marketed: '96 GB',
    bf16: true,
    fp8: true,
    source: corroborated(
      'nvidia-smi "NVIDIA GH200 480GB, 97871 MiB" (the 96 GB HBM3 Hopper of the 480 GB superchip)',
      'table rows "NVIDIA GH200 480GB ... / 97871MiB"; the GH200 120GB module prints the same',
    ),
    interconnect: nvlink('nvlink', 900, 'NVLink-C2C 900 GB/s to the Grace CPU; NVLink 4 900 GB/s GPU-to-GPU in NVL2/NVL32 systems', DS.gh200),
    perf: PERF.gh200,
    common: false,
  },

  // ── AMD Instinct ─────────────────────────────────────────────────────────────────────────
  {
    id: 'mi250x',
    name: 'AMD Instinct MI250X (one GCD)',
    vendor: 'amd',
    aliases: ['instinct mi250x', 'mi250x-gcd'],
    tier: 'datacenter',
    memoryBytes: 65520 * MIB,
    marketed: '64 GB per GCD (128 GB per card)',
    bf16: true,
    fp8: false,
    source:
      'driver reading: rocminfo VRAM pool 67092480 KB (= 65520 MiB) per "AMD Instinct MI250X/MI250" GCD, ' +
      'https://github.com/ROCm/rocm_smi_lib/issues/160; each of the two GCDs is its own device, so this is ' +
      'per device, half the card',
    interconnect: { kind: 'infinity-fabric', gbPerS: 800, direction: 'bidirectional', detail: 'Infinity Fabric, 8 links x 100 GB/s per MI250X card (the catalog entry is one of its two GCDs, which share them, some linking the two GCDs)', source: DS.mi250x },
    pcie: pcieLink(4, 16, DS.mi250x),
    perf: PERF.mi250x,
    common: false,
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    vendor: 'amd',
    aliases: ['instinct mi300x', 'mi300x-192gb'],
    tier: 'datacenter',
    memoryBytes: 196592 * MIB,
    marketed: '192 GB',
    bf16: true,
    fp8: true,
    source:
      'driver reading: rocm-smi "VRAM Total Memory (B): 206141652992" (= 196592 MiB), ' +
      'https://github.com/ROCm/legacy-rocm-build/issues/4750',
    interconnect: { kind: 'infinity-fabric', gbPerS: 896, direction: 'bidirectional', detail: 'Infinity Fabric, 7 links x 128 GB/s, fully connected 8-GPU OAM platform', source: DS.mi300x },
    pcie: pcieLink(5, 16, DS.mi300x),
    perf: PERF.mi300x,
    common: false,
  },
  {
    id: 'mi325x',
    name: 'AMD Instinct MI325X',
    vendor: 'amd',
    aliases: ['instinct mi325x', 'mi325x-256gb'],
    tier: 'datacenter',
    memoryBytes: 262144 * MIB,
    marketed: '256 GB',
    bf16: true,
    fp8: true,
    source:
      'spec (not a driver reading): AMD lists 256 GB HBM3E, taken as 256 GiB because HBM capacity is binary ' +
      '(MI300X\'s "192 GB" reads 196592 MiB, 16 MiB under 192 GiB); no rocm-smi printout found, expect a ' +
      'reading a few MiB lower',
    interconnect: { kind: 'infinity-fabric', gbPerS: 896, direction: 'bidirectional', detail: 'Infinity Fabric, 7 links x 128 GB/s, fully connected 8-GPU OAM platform', source: DS.mi325x },
    pcie: pcieLink(5, 16, DS.mi325x),
    perf: PERF.mi325x,
    common: false,
  },
];

// ── lookup ────────────────────────────────────────────────────────────────────────────────

/** Lowercase, with spaces, dashes, underscores and dots removed: "RTX 4090" and "rtx_4090" → "rtx4090". */
export function normalizeGpuQuery(s: string): string {
  return s.toLowerCase().replace(/[\s\-_.]+/g, '');
}

/** Brand words a user or a driver may put in front of the model ("NVIDIA GeForce RTX 4090"). */
const BRAND_PREFIXES = ['nvidia', 'geforce', 'tesla', 'quadro', 'amd', 'instinct', 'radeon'];

function stripBrands(normalized: string): string {
  let s = normalized;
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of BRAND_PREFIXES) {
      if (s.startsWith(p) && s.length > p.length) {
        s = s.slice(p.length);
        changed = true;
      }
    }
  }
  return s;
}

/** Every lookup key of a card: id, aliases and name, normalized (the name with and without brand words). */
export function gpuKeys(gpu: Gpu): string[] {
  const keys = [gpu.id, ...gpu.aliases, gpu.name].map(normalizeGpuQuery);
  keys.push(stripBrands(normalizeGpuQuery(gpu.name)));
  return [...new Set(keys)];
}

let index: Map<string, Gpu> | undefined;

function keyIndex(): Map<string, Gpu> {
  if (index === undefined) {
    index = new Map();
    for (const gpu of GPUS) {
      for (const key of gpuKeys(gpu)) {
        // First entry wins; the tests assert that no key is shared between two cards.
        if (!index.has(key)) index.set(key, gpu);
      }
    }
  }
  return index;
}

/**
 * The card a user means, case-insensitive on id, aliases and name, tolerant of spaces, dashes and
 * underscores, and of a leading "NVIDIA"/"GeForce"/"Tesla"/"AMD"/"Instinct". Undefined if none.
 */
export function findGpu(query: string): Gpu | undefined {
  const q = normalizeGpuQuery(query);
  if (q === '') return undefined;
  const idx = keyIndex();
  return idx.get(q) ?? idx.get(stripBrands(q));
}

/** The perf record of a card by id, alias or name (as `findGpu` resolves it); undefined if no card matches. */
export function gpuPerf(id: string): GpuPerf | undefined {
  return findGpu(id)?.perf;
}

/** Dense peak TFLOPS of `perf` at `precision`; null where the card has no such path (fp8 before Ada/CDNA3, bf16 on Volta/Turing). */
export function peakTflops(perf: GpuPerf, precision: PerfPrecision): number | null {
  return perf.tflops[precision];
}

/** Optimal-string-alignment edit distance: insertions, deletions, substitutions, adjacent swaps each cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The `n` cards whose id or aliases are nearest to `query` (edit distance over normalized keys,
 * with a key that merely extends the query counting as half an edit), best first, for "did you
 * mean". Ties go to common cards, then catalog order.
 */
export function suggestGpus(query: string, n = 3): Gpu[] {
  if (n <= 0) return [];
  const q = normalizeGpuQuery(query);
  const variants = [...new Set([q, stripBrands(q)])];
  const scored = GPUS.map((gpu, order) => {
    const keys = [gpu.id, ...gpu.aliases].map(normalizeGpuQuery);
    let best = Infinity;
    for (const v of variants) {
      for (const k of keys) {
        const d = editDistance(v, k);
        // A family name typed without its variant ("a100") is nearer to its variants than a one-edit neighbour.
        best = Math.min(best, d > 0 && v.length >= 2 && k.startsWith(v) ? 0.5 : d);
      }
    }
    return { gpu, order, distance: best };
  });
  scored.sort(
    (x, y) => x.distance - y.distance || Number(y.gpu.common) - Number(x.gpu.common) || x.order - y.order,
  );
  return scored.slice(0, n).map((s) => s.gpu);
}
