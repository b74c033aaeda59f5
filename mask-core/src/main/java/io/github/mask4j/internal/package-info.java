/**
 * Implementation details of mask-core, not API: they may change in any release. The sub-packages hold ONNX graph
 * reading and the DJL session wrapper, decoding and resizing, the neural network and k-NN, model lookup and
 * download, and the saved-model format.
 */
package io.github.mask4j.internal;
