'use strict';
/**
 * The chart pool's worker (`pool.ts`, run by piscina in a worker thread): rasterises one chart
 * SVG to PNG bytes with resvg, using the settings the main thread sends (`resvgOptions` in
 * `png.ts`: bundled Inter fonts only, 2x zoom), so there is one copy of them.
 *
 * Plain CommonJS JavaScript on purpose: a worker thread starts without the parent's TypeScript
 * loader under ts-jest, so this file needs none and loads the same under tsx (`npm start`),
 * ts-jest (tests) and plain node. Modules resolve relative to this file, so the working
 * directory does not matter.
 */
const { Resvg } = require('@resvg/resvg-js');
const { move } = require('piscina');

/**
 * @param {{ svg: string, options: import('@resvg/resvg-js').ResvgRenderOptions }} task
 * @returns {Uint8Array} the PNG, moved (not copied) to the main thread
 */
module.exports = function renderPng(task) {
  const png = new Resvg(task.svg, task.options).render().asPng();
  const bytes = new Uint8Array(png.byteLength);
  bytes.set(png);
  return move(bytes);
};
