// What the generated-images page knows about an image: a subset of the API's image, the same
// shape from the server page and from GET /api/images (dates as ISO text). No server imports.
import type { ImageDto } from '@/lib/images/image-dto';

export type Stage = NonNullable<ImageDto['stage']>;

export const STAGES: readonly { value: Stage; label: string }[] = [
  { value: 'generated', label: 'Generated' },
  { value: 'printed', label: 'Printed' },
  { value: 'ordered', label: 'Ordered' },
  { value: 'deleted', label: 'Deleted' },
];

export const stageLabel = (stage: Stage | null) => STAGES.find((s) => s.value === stage)?.label ?? 'Generated';

export type GeneratedImage = Pick<
  ImageDto,
  'id' | 'prompt' | 'stage' | 'url' | 'thumbnailUrl' | 'placeholder' | 'width' | 'height' | 'byteSize' | 'mimeType' | 'metadata'
> & { createdAt: string };

type Wire = Omit<GeneratedImage, 'createdAt'> & { createdAt: string | Date };

export function toGeneratedImage(image: Wire): GeneratedImage {
  const { id, prompt, stage, url, thumbnailUrl, placeholder, width, height, byteSize, mimeType, metadata } = image;
  const createdAt = typeof image.createdAt === 'string' ? image.createdAt : image.createdAt.toISOString();
  return { id, prompt, stage, url, thumbnailUrl, placeholder, width, height, byteSize, mimeType, metadata, createdAt };
}

/** Whether an image belongs under a filter tab ("All" is every stage but deleted). */
export const inFilter = (image: GeneratedImage, filter: Stage | null) => (filter ? image.stage === filter : image.stage !== 'deleted');

export const shortPrompt = (prompt: string | null, max = 60) => {
  const text = (prompt ?? '').replace(/\s+/g, ' ').trim() || 'Untitled image';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};
