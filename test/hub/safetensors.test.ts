import { paramsFromApi, paramsFromIndex } from '../../src/hub/safetensors';

describe('paramsFromApi', () => {
  test('GIVEN safetensors.total with BF16 parameters THEN that count, sourced to the API', () => {
    expect(paramsFromApi({ safetensors: { parameters: { BF16: 8_030_261_248 }, total: 8_030_261_248 } })).toEqual({
      count: 8_030_261_248, source: 'Hub safetensors metadata (API safetensors.total)',
    });
  });

  test('GIVEN packed int32 tensors (GPTQ/AWQ) THEN no count: elements are not parameters', () => {
    expect(paramsFromApi({ safetensors: { parameters: { I32: 900_000_000, F16: 300_000_000 }, total: 1_200_000_000 } })).toBeUndefined();
  });

  test.each([[{}], [{ safetensors: null }], [{ safetensors: { total: -5 } }], [{ safetensors: { total: 1.5 } }], ['x']])('GIVEN %j THEN no count', (json) => {
    expect(paramsFromApi(json)).toBeUndefined();
  });
});

describe('paramsFromIndex', () => {
  const index = { metadata: { total_size: 16_060_522_496 }, weight_map: {} };

  test('GIVEN total_size in bytes and torch_dtype bfloat16 THEN bytes / 2, and the source says it was derived', () => {
    expect(paramsFromIndex(index, { torch_dtype: 'bfloat16' })).toEqual({
      count: 8_030_261_248,
      source: 'Hub safetensors metadata (model.safetensors.index.json total_size 16,060,522,496 bytes / 2 bytes per bfloat16 parameter)',
    });
  });

  test('GIVEN float32 weights THEN bytes / 4; GIVEN the newer `dtype` key or a text_config dtype THEN it is used', () => {
    expect(paramsFromIndex(index, { torch_dtype: 'float32' })?.count).toBe(4_015_130_624);
    expect(paramsFromIndex(index, { dtype: 'float16' })?.count).toBe(8_030_261_248);
    expect(paramsFromIndex(index, { text_config: { torch_dtype: 'bfloat16' } })?.count).toBe(8_030_261_248);
  });

  test.each([
    ['no dtype', {}],
    ['an unknown dtype', { torch_dtype: 'float8_e4m3fn' }],
    ['a quantized checkpoint', { torch_dtype: 'bfloat16', quantization_config: { quant_method: 'fp8' } }],
  ])('GIVEN %s THEN no count', (_what, config) => {
    expect(paramsFromIndex(index, config)).toBeUndefined();
  });

  test('GIVEN a byte total that is not a whole number of parameters THEN no count', () => {
    expect(paramsFromIndex({ metadata: { total_size: 1001 } }, { torch_dtype: 'bfloat16' })).toBeUndefined();
  });
});
