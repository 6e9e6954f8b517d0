import type { ButtonHTMLAttributes } from 'react';
import styles from './ui.module.css';

type Variant = 'default' | 'primary' | 'danger' | 'ghost';

export function Button({
  variant = 'default',
  size,
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'small' }) {
  const classes = [styles.button, variant !== 'default' && styles[variant], size === 'small' && styles.small, className];
  return <button type={type} className={classes.filter(Boolean).join(' ')} {...props} />;
}

export function IconButton({ label, className, type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return <button type={type} aria-label={label} title={label} className={[styles.iconButton, className].filter(Boolean).join(' ')} {...props} />;
}
