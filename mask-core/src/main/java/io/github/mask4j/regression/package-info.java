/**
 * Predicting one number per image: {@link io.github.mask4j.regression.Regressor}, a small neural head trained on
 * a feature extractor's vectors, saved and loaded like a classifier.
 */
package io.github.mask4j.regression;
