/**
 * On-demand cloud GPU prices, US dollars, for the time-and-cost estimate.
 *
 * Every row comes from a stored public page whose date is known, and quotes what it says. The
 * clouds' own price pages render their tables client-side, so no stored copy of them carries the
 * numbers; each row therefore cites the dated public transcription it was read from (`source`,
 * `readOn`) and the vendor page or API that transcription took it from (`vendorPage`). A row
 * prints either the instance price, the per-GPU price, or both (`printed`); the other is the
 * arithmetic `perInstance = perGpu x gpus`, written out by hand.
 *
 * Prices are list, on-demand, Linux, before tax; hyperscaler instance prices include the host's
 * vCPUs, memory and bundled local disk, GPU-cloud prices likewise ("GPU price per hour ... includes
 * the host device vCPU, RAM and ephemeral storage", https://docs.coreweave.com/resources/billing-and-charges).
 * They change often: read `readOn` before quoting one.
 */

import { findGpu } from './gpus';

export type Cloud = 'aws' | 'gcp' | 'azure' | 'lambda' | 'coreweave';

export interface PriceRow {
  readonly cloud: Cloud;
  /** The provider's instance / SKU name as the page prints it. */
  readonly instance: string;
  /** Catalog GPU id (src/catalog/gpus.ts). */
  readonly gpuId: string;
  /** GPUs in one instance. */
  readonly gpus: number;
  /** Region as the page states it; 'not stated' where it gives none. */
  readonly region: string;
  readonly usdPerInstanceHour: number;
  readonly usdPerGpuHour: number;
  /** Which of the two prices the page prints; the other is derived (x or / gpus). */
  readonly printed: 'instance' | 'gpu' | 'both';
  /** Date the stored page was read / generated (YYYY-MM-DD), as the page itself records it. */
  readonly readOn: string;
  /** The stored page the row was read from. */
  readonly source: string;
  /** The vendor page or API that page transcribes. */
  readonly vendorPage: string;
  /** What the page says, quoted. */
  readonly said: string;
  readonly note?: string;
}

// Stored pages (dated) the rows are read from.
const SRC = {
  hyperscalers: {
    url: 'https://raw.githubusercontent.com/datareceipts/data-receipts/main/109-gpu-pricing/hyperscalers.json',
    readOn: '2026-11-09', // the file's own "retrieved": "2026-11-09"
  },
  hyperscalersReadme: {
    url: 'https://raw.githubusercontent.com/datareceipts/data-receipts/main/109-gpu-pricing/README.md',
    readOn: '2026-11-09',
  },
  hyperscalersCompare: {
    url: 'https://raw.githubusercontent.com/datareceipts/data-receipts/main/109-gpu-pricing/compare.json',
    readOn: '2026-11-09', // "retrieved": "2026-11-09"
  },
  awsBlog: {
    // "On June 17, 2026, AWS lists more than 750 EC2 instance SKUs ..." (the page's own date).
    url: 'https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/',
    readOn: '2026-06-17',
  },
  gcp: {
    // Generated from Google's Cloud Billing Catalog SKUs: "generated: Thu Mar  6 03:53:56 2025".
    url: 'https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/0166a59ebba7c36f2cc8c931d9f258dcebc44776/pricing.yml',
    readOn: '2025-03-06',
  },
  lambda: {
    // "generated: '2026-09-20'", "grounding: every price_text was found verbatim in the fetched page text".
    url: 'https://github.com/api-evangelist/lambda-labs/blob/1929382e7f9b4777d980aec12b6fc9e04e6718cb/plans/lambda-labs-plans-pricing.yml',
    readOn: '2026-09-20',
  },
  coreweave: {
    // "generated: '2026-09-20'", same harvest run and grounding statement.
    url: 'https://github.com/api-evangelist/coreweave/blob/27bcc25e6b1936055be7a93d6ea2d0f6a6d9d084/plans/coreweave-plans-pricing.yml',
    readOn: '2026-09-20',
  },
} as const;

const VENDOR = {
  aws: 'https://aws.amazon.com/ec2/pricing/on-demand/ (AWS Price List API)',
  azure: 'https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/ (Azure Retail Prices API)',
  gcp: 'https://cloud.google.com/compute/gpus-pricing (Cloud Billing Catalog API SKUs: GPU + vCPU + memory + bundled local SSD)',
  lambda: 'https://lambda.ai/instances',
  coreweave: 'https://www.coreweave.com/pricing',
} as const;

function aws(instance: string, gpuId: string, gpus: number, usdPerInstanceHour: number, usdPerGpuHour: number, said: string): PriceRow {
  return {
    cloud: 'aws', instance, gpuId, gpus, region: 'us-east-1', usdPerInstanceHour, usdPerGpuHour, printed: 'both',
    readOn: SRC.hyperscalers.readOn, source: SRC.hyperscalers.url, vendorPage: VENDOR.aws, said,
  };
}

function azure(instance: string, gpuId: string, gpus: number, usdPerInstanceHour: number, usdPerGpuHour: number, said: string): PriceRow {
  return {
    cloud: 'azure', instance, gpuId, gpus, region: 'eastus', usdPerInstanceHour, usdPerGpuHour, printed: 'both',
    readOn: SRC.hyperscalers.readOn, source: SRC.hyperscalers.url, vendorPage: VENDOR.azure, said,
  };
}

function gcp(instance: string, gpuId: string, gpus: number, usdPerInstanceHour: number, usdPerGpuHour: number, said: string): PriceRow {
  return {
    cloud: 'gcp', instance, gpuId, gpus, region: 'us-central1', usdPerInstanceHour, usdPerGpuHour, printed: 'instance',
    readOn: SRC.gcp.readOn, source: SRC.gcp.url, vendorPage: VENDOR.gcp, said,
  };
}

function lambda(instance: string, gpuId: string, gpus: number, usdPerInstanceHour: number, usdPerGpuHour: number, said: string): PriceRow {
  return {
    cloud: 'lambda', instance, gpuId, gpus, region: 'not stated', usdPerInstanceHour, usdPerGpuHour, printed: 'gpu',
    readOn: SRC.lambda.readOn, source: SRC.lambda.url, vendorPage: VENDOR.lambda, said,
  };
}

function coreweave(instance: string, gpuId: string, gpus: number, usdPerInstanceHour: number, usdPerGpuHour: number, said: string, region = 'not stated'): PriceRow {
  return {
    cloud: 'coreweave', instance, gpuId, gpus, region, usdPerInstanceHour, usdPerGpuHour, printed: 'instance',
    readOn: SRC.coreweave.readOn, source: SRC.coreweave.url, vendorPage: VENDOR.coreweave, said,
  };
}

export const PRICES: readonly PriceRow[] = [
  // ── AWS (us-east-1) ──
  aws('p4d.24xlarge', 'a100-40gb', 8, 21.957642, 2.7447,
    '"instance": "p4d.24xlarge", "gpu": "A100 SXM", "gpu_memory_gb": 40, "gpu_count": 8, "usd_per_hour": 21.957642, "usd_per_gpu_hour": 2.7447, "region": "us-east-1"'),
  aws('p4de.24xlarge', 'a100-80gb', 8, 27.44705, 3.4309,
    '"instance": "p4de.24xlarge", "gpu": "A100 SXM", "gpu_memory_gb": 80, "gpu_count": 8, "usd_per_hour": 27.44705, "usd_per_gpu_hour": 3.4309, "region": "us-east-1"'),
  {
    ...aws('p5.48xlarge', 'h100', 8, 55.04, 6.88,
      '"instance": "p5.48xlarge", "gpu": "H100 SXM", "gpu_memory_gb": 80, "gpu_count": 8, "usd_per_hour": 55.04, "usd_per_gpu_hour": 6.88, "region": "us-east-1"'),
    note: 'After AWS cut P5 on-demand prices in June 2025; pages from 2023-2025 quote the earlier $98.32 per instance-hour (e.g. https://www.nextplatform.com/2023/07/27/h100-gpu-instance-pricing-on-aws-grin-and-bear-it/).',
  },

  {
    cloud: 'aws', instance: 'g5.xlarge', gpuId: 'a10g', gpus: 1, region: 'us-east-1',
    usdPerInstanceHour: 1.006, usdPerGpuHour: 1.006, printed: 'instance',
    readOn: SRC.awsBlog.readOn, source: SRC.awsBlog.url, vendorPage: VENDOR.aws,
    said: '"In us-east-1 (June 2026), a m7g.large Linux instance runs $0.0816/hr while a GPU g5.xlarge is $1.006/hr" (g5.xlarge: 1x A10G, 4 vCPUs, 16 GiB)',
    note: 'A cloud-cost blog quoting the AWS rate card, not AWS\'s page itself; the instance shape (1x A10G, 4 vCPUs) is AWS\'s G5 specification.',
  },

  // ── Azure (eastus) ──
  azure('Standard_NC24ads_A100_v4', 'a100-80gb-pcie', 1, 3.673, 3.673,
    '"instance": "Standard_NC24ads_A100_v4", "gpu": "A100 PCIe", "gpu_memory_gb": 80, "gpu_count": 1, "usd_per_hour": 3.673, "usd_per_gpu_hour": 3.673, "region": "eastus"'),
  azure('Standard_NC48ads_A100_v4', 'a100-80gb-pcie', 2, 9.554, 4.777,
    '"instance": "Standard_NC48ads_A100_v4", "gpu": "A100 PCIe", "gpu_memory_gb": 80, "gpu_count": 2, "usd_per_hour": 9.554, "usd_per_gpu_hour": 4.777, "region": "eastus"'),
  {
    ...azure('Standard_NC96ads_A100_v4', 'a100-80gb-pcie', 4, 19.108, 4.777,
      '"instance": "Standard_NC96ads_A100_v4", "gpu": "A100 PCIe", "gpu_memory_gb": 80, "gpu_count": 4, "usd_per_hour": 19.108; the README: "Azure lists the same A100 PCIe 80GB at one, two and four GPUs per VM for $3.67, $4.78 and $4.78 per GPU-hour"; 19.108 / 4 = 4.777'),
    printed: 'instance',
  },
  azure('Standard_NC40ads_H100_v5', 'h100-nvl', 1, 6.98, 6.98,
    '"instance": "Standard_NC40ads_H100_v5", "gpu": "H100 NVL", "gpu_memory_gb": 94, "gpu_count": 1, "usd_per_hour": 6.98, "usd_per_gpu_hour": 6.98, "region": "eastus"'),
  azure('Standard_NC80adis_H100_v5', 'h100-nvl', 2, 17.64, 8.82,
    '"instance": "Standard_NC80adis_H100_v5", "gpu": "H100 NVL", "gpu_memory_gb": 94, "gpu_count": 2, "usd_per_hour": 17.64, "usd_per_gpu_hour": 8.82, "region": "eastus"'),
  {
    cloud: 'azure', instance: 'Standard_ND96isr_H100_v5', gpuId: 'h100', gpus: 8, region: 'eastus',
    usdPerInstanceHour: 98.32, usdPerGpuHour: 12.29, printed: 'gpu',
    readOn: SRC.hyperscalersReadme.readOn, source: SRC.hyperscalersReadme.url, vendorPage: VENDOR.azure,
    said: '"| Azure `ND96isr_H100_v5` | **$12.29** | $8,972 |" (H100 SXM 80GB, $/GPU-hr, 730 h a month); 8 x 12.29 = 98.32 per VM-hour',
  },
  {
    cloud: 'azure', instance: 'Standard_ND96asr_v4', gpuId: 'a100-40gb', gpus: 8, region: 'eastus',
    usdPerInstanceHour: 27.1968, usdPerGpuHour: 3.3996, printed: 'gpu',
    readOn: SRC.hyperscalersCompare.readOn, source: SRC.hyperscalersCompare.url, vendorPage: VENDOR.azure,
    said: '{ "vendor": "Azure", "label": "Standard_ND96asr_A100_v4", "gpu": "A100 SXM", "mem": 40, "n": 8, "usd": 3.3996 } (per GPU-hour); 8 x 3.3996 = 27.1968 per VM-hour',
    note: 'The page labels the VM "Standard_ND96asr_A100_v4"; Azure names it Standard_ND96asr_v4 (8x A100 40GB SXM4). Region assumed eastus like the file\'s other Azure rows (the compare row carries none).',
  },

  // ── Google Cloud (us-central1) ──
  gcp('a2-highgpu-1g', 'a100-40gb', 1, 3.673385, 3.673385,
    'a2-highgpu-1g: "a100: 1", us-central1 "hour: 3.673385" (12 vCPUs, 85 GB)'),
  gcp('a2-ultragpu-1g', 'a100-80gb', 1, 5.06879789041096, 5.06879789041096,
    'a2-ultragpu-1g: "a100-80gb: 1", us-central1 "hour: 5.06879789041096" (12 vCPUs, 170 GB, 375 GB local SSD)'),
  gcp('a2-highgpu-8g', 'a100-40gb', 8, 29.38708, 29.38708 / 8,
    'a2-highgpu-8g: "a100: 8", "cpu: 96", "ram: 680", us-central1 "hour: 29.38708"; 29.38708 / 8 = 3.673385 per GPU-hour, the 1g price'),
  gcp('a2-ultragpu-8g', 'a100-80gb', 8, 40.5503831232877, 40.5503831232877 / 8,
    'a2-ultragpu-8g: "a100-80gb: 8", "cpu: 96", "ram: 1360", "local-ssd: 3000", us-central1 "hour: 40.5503831232877"; / 8 = 5.0688 per GPU-hour'),
  gcp('g2-standard-4', 'l4', 1, 0.706832255, 0.706832255,
    'g2-standard-4: "l4: 1", "cpu: 4", "ram: 16", us-central1 "hour: 0.706832255"'),
  gcp('a3-highgpu-8g', 'h100', 8, 88.49, 11.06125,
    'a3-highgpu-8g: "h100-80gb: 8", us-central1 "hour: 88.4899999025753" (208 vCPUs, 1872 GB, 6000 GB local SSD); 88.49 / 8 = 11.06125 per GPU-hour'),

  // ── Lambda (per-GPU prices; region not stated) ──
  lambda('8x NVIDIA B200 SXM6', 'b200', 8, 53.52, 6.69,
    '"name: 8x NVIDIA B200 SXM6", "price_text: $6.69", "unit: per GPU per hour", "180 GB VRAM/GPU, 208 vCPUs, 2900 GiB RAM"; 8 x 6.69 = 53.52'),
  lambda('4x NVIDIA B200 SXM6', 'b200', 4, 27.16, 6.79,
    '"name: 4x NVIDIA B200 SXM6", "price_text: $6.79", "unit: per GPU per hour", "104 vCPUs, 1440 GiB RAM, 11 TiB SSD"; 4 x 6.79 = 27.16'),
  lambda('2x NVIDIA B200 SXM6', 'b200', 2, 13.78, 6.89,
    '"name: 2x NVIDIA B200 SXM6", "price_text: $6.89", "unit: per GPU per hour", "52 vCPUs, 720 GiB RAM, 5.5 TiB SSD"; 2 x 6.89 = 13.78'),
  lambda('1x NVIDIA B200 SXM6', 'b200', 1, 6.99, 6.99,
    '"name: 1x NVIDIA B200 SXM6", "price_text: $6.99", "unit: per GPU per hour"'),
  lambda('8x NVIDIA H100 SXM', 'h100', 8, 31.92, 3.99,
    '"name: 8x NVIDIA H100 SXM", "price_text: $3.99", "unit: per GPU per hour", "80 GB VRAM/GPU, 208 vCPUs, 1800 GiB RAM"; 8 x 3.99 = 31.92'),
  lambda('4x NVIDIA H100 SXM', 'h100', 4, 16.36, 4.09,
    '"name: 4x NVIDIA H100 SXM", "price_text: $4.09", "unit: per GPU per hour", "104 vCPUs, 900 GiB RAM, 11 TiB SSD"; 4 x 4.09 = 16.36'),
  lambda('2x NVIDIA H100 SXM', 'h100', 2, 8.38, 4.19,
    '"name: 2x NVIDIA H100 SXM", "price_text: $4.19", "unit: per GPU per hour", "52 vCPUs, 450 GiB RAM, 5.5 TiB SSD"; 2 x 4.19 = 8.38'),
  lambda('1x NVIDIA H100 SXM', 'h100', 1, 4.29, 4.29,
    '"name: 1x NVIDIA H100 SXM", "price_text: $4.29", "unit: per GPU per hour"'),
  lambda('1x NVIDIA H100 PCIe', 'h100-pcie', 1, 3.29, 3.29,
    '"name: 1x NVIDIA H100 PCIe", "price_text: $3.29", "unit: per GPU per hour"'),
  lambda('8x NVIDIA A100 SXM 80 GB', 'a100-80gb', 8, 22.32, 2.79,
    '"name: 8x NVIDIA A100 SXM 80 GB", "price_text: $2.79", "unit: per GPU per hour"; 8 x 2.79 = 22.32'),
  lambda('8x NVIDIA A100 SXM 40 GB', 'a100-40gb', 8, 15.92, 1.99,
    '"name: 8x NVIDIA A100 SXM 40 GB", "price_text: $1.99", "unit: per GPU per hour"; 8 x 1.99 = 15.92'),
  lambda('1x NVIDIA GH200', 'gh200', 1, 2.29, 2.29,
    '"name: 1x NVIDIA GH200", "price_text: $2.29", "unit: per GPU per hour", "96 GB VRAM"'),
  lambda('4x NVIDIA A6000', 'a6000', 4, 4.36, 1.09,
    '"name: 4x NVIDIA A6000", "price_text: $1.09", "unit: per GPU per hour", "48 GB VRAM/GPU"; 4 x 1.09 = 4.36'),
  lambda('1x NVIDIA A10', 'a10', 1, 1.29, 1.29,
    '"name: 1x NVIDIA A10", "price_text: $1.29", "unit: per GPU per hour", "24 GB VRAM"'),

  // ── CoreWeave (instance prices) ──
  coreweave('NVIDIA HGX H100', 'h100', 8, 49.24, 6.155,
    '"name: NVIDIA HGX H100 (on-demand)", "price_text: $49.24", "unit: per hour", "8 GPUs, 80 GB VRAM"; 49.24 / 8 = 6.155'),
  coreweave('NVIDIA HGX H200', 'h200', 8, 50.44, 6.305,
    '"name: NVIDIA HGX H200 (on-demand)", "price_text: $50.44", "unit: per hour", "8 GPUs, 141 GB VRAM"; 50.44 / 8 = 6.305'),
  coreweave('NVIDIA HGX B200', 'b200', 8, 68.8, 8.6,
    '"name: NVIDIA HGX B200 (on-demand)", "price_text: $68.80", "unit: per hour", "8 GPUs, 180 GB VRAM, 128 vCPUs, 2,048 GB RAM"; 68.80 / 8 = 8.60'),
  coreweave('NVIDIA GB200 NVL72', 'gb200', 4, 42, 10.5,
    '"name: NVIDIA GB200 NVL72 (on-demand, North America)", "price_text: $42.00", "unit: per hour", "4 GPUs, 186 GB VRAM, 144 vCPUs"; 42.00 / 4 = 10.50 (the page\'s own single-GPU inference price for GB200 is also $10.50)',
    'North America'),
  {
    ...coreweave('NVIDIA A100', 'a100-80gb', 8, 21.6, 2.7,
      '"name: NVIDIA A100 (on-demand)", "price_text: $21.60", "unit: per hour", "8 GPUs, 80 GB VRAM"; 21.60 / 8 = 2.70'),
    note: 'The page names no form factor; CoreWeave\'s 8-GPU A100 80GB nodes are HGX (SXM4) boards, hence a100-80gb rather than the PCIe card.',
  },
  coreweave('NVIDIA L40S', 'l40s', 8, 18, 2.25,
    '"name: NVIDIA L40S (on-demand)", "price_text: $18.00", "unit: per hour", "8 GPUs, 48 GB VRAM"; 18.00 / 8 = 2.25'),
  coreweave('NVIDIA L40', 'l40', 8, 10, 1.25,
    '"name: NVIDIA L40 (on-demand)", "price_text: $10.00", "unit: per hour", "8 GPUs, 48 GB VRAM"; 10.00 / 8 = 1.25'),
  coreweave('NVIDIA RTX PRO 6000 Blackwell Server Edition', 'rtx-pro-6000', 8, 20, 2.5,
    '"name: NVIDIA RTX PRO 6000 Blackwell Server Edition (High Memory)", "price_text: $20.00", "unit: per hour", "8 GPUs, 96 GB VRAM"; 20.00 / 8 = 2.50'),
  coreweave('NVIDIA GH200', 'gh200', 1, 6.5, 6.5,
    '"name: NVIDIA GH200", "price_text: $6.50", "unit: per hour", "1 GPU, 96 GB VRAM"'),
];

/** The newest `readOn` among the rows (each row keeps its own date; the oldest, Google Cloud's, is 2025-03-06). */
export const PRICES_AS_OF = '2026-11-09';

/** Rows for a card (id, alias or name, as `findGpu` resolves it), cheapest per GPU-hour first; [] for an unknown card or one without a sourced price. */
export function pricesFor(gpuId: string): PriceRow[] {
  const gpu = findGpu(gpuId);
  if (gpu === undefined) return [];
  return PRICES.filter((r) => r.gpuId === gpu.id).sort((a, b) => a.usdPerGpuHour - b.usdPerGpuHour);
}
