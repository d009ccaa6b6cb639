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
