// What the browser gallery needs to know about an image: a subset of the API's image, so the
// same shape comes from a server page and from GET /api/images. No server imports here.
import type { ImageDto } from './image-dto';

export type GalleryImage = Pick<
  ImageDto,
  'id' | 'originalFilename' | 'caption' | 'status' | 'error' | 'url' | 'thumbnailUrl' | 'placeholder' | 'width' | 'height' | 'srcset' | 'focalX' | 'focalY'
>;

export function toGalleryImage(image: GalleryImage): GalleryImage {
  const { id, originalFilename, caption, status, error, url, thumbnailUrl, placeholder, width, height, srcset, focalX, focalY } = image;
  return { id, originalFilename, caption, status, error, url, thumbnailUrl, placeholder, width, height, srcset, focalX, focalY };
}
