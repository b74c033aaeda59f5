/**
 * Not API. The trainable heads: the multilayer perceptron, its Adam trainer and training loop, and k-NN.
 */
package io.github.mask4j.internal.nn;
