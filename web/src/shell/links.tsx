import { Anchor, Button, NavLink } from '@mantine/core';
import type { AnchorProps, ButtonProps, NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

type AnchorElementProps = Omit<ComponentPropsWithRef<'a'>, 'color' | 'style'>;

function MantineAnchor(props: AnchorProps & AnchorElementProps) {
  return <Anchor component="a" {...props} />;
}

function MantineButtonAnchor(props: ButtonProps & AnchorElementProps) {
  return <Button component="a" {...props} />;
}

function MantineNavLink(props: NavLinkProps & AnchorElementProps) {
  return <NavLink component="a" {...props} />;
}

/** Router links styled as Mantine components (they set `aria-current="page"` when active). */
export const AnchorLink = createLink(MantineAnchor);
export const ButtonLink = createLink(MantineButtonAnchor);
export const NavLinkLink = createLink(MantineNavLink);
