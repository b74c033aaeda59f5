/**
 * Classifying images into labels a user chooses: {@link io.github.mask4j.classification.Classifier} (a neural
 * head or k-NN over a feature extractor's vectors) with its options, its results ({@link
 * io.github.mask4j.classification.Classification}, {@link io.github.mask4j.classification.LabelConfidence}),
 * labelled training images and evaluation (accuracy, per-class metrics, confusion matrix).
 */
package io.github.mask4j.classification;
