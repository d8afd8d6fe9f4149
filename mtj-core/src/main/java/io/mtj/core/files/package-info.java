/**
 * File transfer helpers: {@link io.mtj.core.files.FileUploader} and {@link io.mtj.core.files.FileDownloader} stream a
 * file in parts over one or more connections, with several parts in flight per connection, bounded, and report
 * progress.
 */
@NullMarked
package io.mtj.core.files;

import org.jspecify.annotations.NullMarked;
