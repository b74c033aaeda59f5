// Runs a mask4j export in onnxruntime-node: node classify-node.mjs MODEL.onnx PIXELS.bin COUNT HEIGHT WIDTH
// PIXELS.bin holds COUNT images, each HEIGHT x WIDTH x 3 RGB bytes, already resized. Prints the probabilities
// of each image as JSON.
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';

const [model, pixelsFile, count, height, width] = process.argv.slice(2);
const [n, h, w] = [Number(count), Number(height), Number(width)];
const pixels = new Uint8Array(readFileSync(pixelsFile));

const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'all' });
const results = [];
for (let start = 0; start < n; start += 16) {
  const batch = Math.min(16, n - start);
  const per = h * w * 3;
  const image = new ort.Tensor('uint8', pixels.subarray(start * per, (start + batch) * per), [batch, h, w, 3]);
  const { probabilities } = await session.run({ image });
  const classes = probabilities.dims[1];
  for (let i = 0; i < batch; i++) {
    results.push(Array.from(probabilities.data.subarray(i * classes, (i + 1) * classes)));
  }
}
console.log(JSON.stringify(results));
