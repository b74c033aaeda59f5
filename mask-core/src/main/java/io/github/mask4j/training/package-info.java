/**
 * How heads are trained, shared by classifiers and regressors: {@link io.github.mask4j.training.TrainingOptions}
 * (epochs, learning rate, batch size, validation split, early stopping, seed), the per-epoch {@link
 * io.github.mask4j.training.TrainingListener} with its {@link io.github.mask4j.training.TrainingControl}, and
 * the {@link io.github.mask4j.training.TrainingReport} a run returns.
 */
package io.github.mask4j.training;
